import type { Knex } from 'knex';
import { ManualClock } from '../../server/ports/clock';
import { memoryLogger } from '../../server/runtime/logger';
import { loadConfig } from '../../server/platform/config';
import { createLocalDeps } from '../../server/emulator/local-deps';
import { loadFunction } from '../../server/emulator/functions';
import type { CloudFunction } from '../../server/runtime/define-function';
import type { Caller } from '../../server/runtime/caller';
import type { Deps } from '../../server/runtime/deps';
import type { Envelope } from '../../server/runtime/envelope';
import { seedDemo } from '../../sql/seeds/demo';
import { createTestDb, type TestDb } from './test-db';

export interface CallAs {
  openid?: string;
  source?: string;
  bearer?: string;
}

export interface Harness {
  db: Knex;
  client: TestDb['client'];
  testDb: TestDb;
  clock: ManualClock;
  deps: Deps;
  log: ReturnType<typeof memoryLogger>;
  /** Calls a cloud function exactly as the platform would, returning the envelope. */
  call(fn: string, action: string, input?: Record<string, unknown>, as?: CallAs): Promise<Envelope<any>>;
  /** Like `call`, but returns `data` and fails the test on an error envelope. */
  ok<T = any>(fn: string, action: string, input?: Record<string, unknown>, as?: CallAs): Promise<T>;
  /** Asserts an error envelope with this code and returns its error. */
  fails(
    code: string,
    fn: string,
    action: string,
    input?: Record<string, unknown>,
    as?: CallAs,
  ): Promise<{ code: string; message: string; details?: any }>;
  close(): Promise<void>;
}

const functionCache = new Map<string, CloudFunction>();
function fn(name: string): CloudFunction {
  let loaded = functionCache.get(name);
  if (!loaded) {
    loaded = loadFunction(name);
    functionCache.set(name, loaded);
  }
  return loaded;
}

export function callerFor(as: CallAs = {}): Caller {
  return {
    openid: as.openid ?? null,
    unionid: null,
    source: as.source ?? 'wx_client',
    clientIp: '127.0.0.1',
    adminCredential: as.bearer ? { kind: 'bearer', value: as.bearer } : null,
  };
}

export async function createHarness(options: { seed?: boolean; clockStart?: string; poolMax?: number } = {}): Promise<Harness> {
  const testDb = await createTestDb({ poolMax: options.poolMax });
  const clock = new ManualClock(options.clockStart ?? '2026-06-01T02:00:00.000Z');
  const log = memoryLogger();
  const config = loadConfig({ PORT: '0', DATA_DIR: '/nonexistent-test-data' });
  const deps = createLocalDeps({ db: testDb.db, clock, log, config });
  if (options.seed) await seedDemo(testDb.db, clock.now());

  const harness: Harness = {
    db: testDb.db,
    client: testDb.client,
    testDb,
    clock,
    deps,
    log,
    call: (name, action, input = {}, as) => fn(name).invoke({ $url: action, ...input }, { deps, caller: callerFor(as) }),
    async ok(name, action, input, as) {
      const res = await harness.call(name, action, input, as);
      if (!res.ok) throw new Error(`${name}.${action} failed: ${JSON.stringify(res.error)}`);
      return res.data;
    },
    async fails(code, name, action, input, as) {
      const res = await harness.call(name, action, input, as);
      if (res.ok) throw new Error(`${name}.${action} succeeded, expected ${code}: ${JSON.stringify(res.data).slice(0, 300)}`);
      expect(res.error.code).toBe(code);
      return res.error;
    },
    close: () => testDb.destroy(),
  };
  return harness;
}

/**
 * The harness of a whole test file (or describe block): created before its first test, closed
 * after its last. Read it only inside hooks and tests — the value behind it exists from then on.
 */
export function useHarness(options: Parameters<typeof createHarness>[0] = {}): Harness {
  let current: Harness | undefined;
  beforeAll(async () => {
    current = await createHarness(options);
  });
  afterAll(async () => {
    await current?.close();
  });
  return new Proxy({} as Harness, {
    get(_target, key) {
      if (!current) throw new Error('useHarness(): the harness exists only inside hooks and tests');
      return Reflect.get(current, key);
    },
  });
}
