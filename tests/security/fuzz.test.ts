import { inputJsonSchema, type JsonSchema } from '../../server/runtime/action-schema';
import { loadAllFunctions } from '../../server/emulator/functions';
import type { CloudFunction } from '../../server/runtime/define-function';
import type { AnyAction } from '../../server/runtime/action';
import { createHarness, callerFor, type CallAs, type Harness } from '../support/harness';
import { insertArticle, insertColumn, insertUser } from '../support/fixtures';
import { adminToken } from '../functions/admin/admin-support';

/**
 * The fuzz test (issue 14): for EVERY action of EVERY cloud function (discovered at run time), events generated from
 * the action's own zod schema (its JSON-schema view, as the leak audit uses) are mutated the way an attacker would —
 * wrong types, huge strings, negative/NaN/huge numbers, extra keys, prototype keys, deep nesting, arrays for objects,
 * hand-made cursors, non-string action names — and sent with the right caller for the action. No answer may be
 * INTERNAL (or a thrown error), and a refused call changes no row. A seeded generator keeps it reproducible; a
 * budget per action keeps it to seconds.
 */
const PER_ACTION = 30;
/** Tables a refused call must leave untouched (rate_limits counts attempts and payment_events records rejected
 * platform callbacks: both by design). */
const IGNORED_TABLES = new Set(['knex_migrations', 'knex_migrations_lock', 'rate_limits', 'payment_events']);

function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function valid(schema: JsonSchema, name = ''): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  const variant = schema.anyOf ?? schema.oneOf;
  if (variant?.length) return valid(variant.find((v) => v.type !== 'null') ?? variant[0], name);
  const type = Array.isArray(schema.type) ? schema.type.find((x) => x !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(schema.properties ?? {})) if (schema.required?.includes(key)) out[key] = valid(prop, key);
      return out;
    }
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => valid(schema.items ?? {}, name));
    case 'integer':
    case 'number':
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
    case 'boolean':
      return true;
    case 'string': {
      if (name === 'orderNo') return '20260601fuzz00000000000000001';
      const len = Math.max(schema.minLength ?? 1, Math.min(schema.maxLength ?? 4, 4));
      return 'a'.repeat(len);
    }
    default:
      return null;
  }
}

const deep = (levels: number, leaf: unknown = 1): unknown => {
  let v: unknown = leaf;
  for (let i = 0; i < levels; i += 1) v = { a: v };
  return v;
};
const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const HOSTILE_VALUES: unknown[] = [
  null,
  true,
  {},
  [],
  [1, 2, 3],
  '',
  'x'.repeat(100_000),
  '\u0000\u202e<script>',
  -1,
  0,
  1.5,
  NaN,
  Infinity,
  -Infinity,
  1e308,
  2 ** 53 + 1,
  -(2 ** 31),
  '1; DROP TABLE users',
  { toString: 'x', valueOf: 'y' },
  JSON.parse('{"__proto__":{"polluted":true}}'),
  deep(3000),
  [[[[[[[[[[[]]]]]]]]]]],
];
const HOSTILE_CURSORS = [
  cursorOf(['abc', 'x']),
  cursorOf([1e300, 1]),
  cursorOf([9e15, 1]),
  cursorOf([-1, -1]),
  cursorOf([1.5, 2.5]),
  cursorOf(['1', '2']),
  cursorOf({ a: 1 }),
  cursorOf([[1], [2]]),
  cursorOf([null, null]),
  cursorOf(['n', 0, 'x', 'y']),
  cursorOf(['h', 1, 1e300, -1]),
  cursorOf([]),
  '!!!',
  'x'.repeat(5000),
];
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '$where'];

function mutations(schema: JsonSchema, base: Record<string, unknown>, rand: () => number): Array<Record<string, unknown> | unknown> {
  const out: unknown[] = [];
  const fields = Object.keys(schema.properties ?? {});
  for (const field of fields) {
    for (const value of HOSTILE_VALUES) out.push({ ...base, [field]: value });
  }
  const always: unknown[] = [];
  for (const field of fields)
    if (field.toLowerCase().includes('cursor')) for (const c of HOSTILE_CURSORS) always.push({ ...base, [field]: c });
  for (const key of PROTO_KEYS)
    out.push(
      JSON.parse(
        JSON.stringify({ ...base })
          .replace(/^\{/, `{"${key}":{"polluted":1},`)
          .replace(',}', '}'),
      ),
    );
  out.push({ ...base, extraKey: 1 }, { ...base, openid: 'someone-else' }, { ...base, userId: 1 }, { ...base, nested: deep(5000) });
  out.push([base], 'a string event', 42, null);
  // Keep the budget: a deterministic sample of the field mutations, all of the structural ones.
  const structural = out.slice(-(PROTO_KEYS.length + 8));
  const fieldMutations = out.slice(0, out.length - structural.length);
  const picked: unknown[] = [];
  while (picked.length < PER_ACTION && fieldMutations.length)
    picked.push(fieldMutations.splice(Math.floor(rand() * fieldMutations.length), 1)[0]);
  return [...picked, ...structural, ...always];
}

/** A short picture of a hostile input for the failure message (deep nesting defeats JSON.stringify). */
function describeInput(input: unknown): string {
  try {
    return JSON.stringify(input)?.slice(0, 160) ?? String(input);
  } catch {
    return '(too deeply nested to print)';
  }
}

describe('fuzz: hostile events for every action never reach INTERNAL and change nothing when refused', () => {
  let h: Harness;
  let functions: Map<string, CloudFunction>;
  let owner: string;
  let tables: string[];

  beforeAll(async () => {
    h = await createHarness({ seed: true });
    const now = h.clock.now();
    const column = await insertColumn(h.db, now, { price_fen: 990 });
    await insertArticle(h.db, now, column, { price_fen: 99 });
    await insertUser(h.db, now, 'fuzz-learner');
    owner = await adminToken(h, 'fuzz-owner', 'owner');
    functions = loadAllFunctions();
    const names =
      h.client === 'mysql'
        ? ((await h.db.raw('SHOW TABLES'))[0] as Array<Record<string, string>>).map((r) => Object.values(r)[0])
        : (
            (await h.db.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) as Array<{ name: string }>
          ).map((r) => r.name);
    tables = names.filter((t) => !IGNORED_TABLES.has(t)).sort();
  }, 60_000);
  afterAll(() => h.close());

  /** A cheap fingerprint of every table: row count and a checksum of the rows' JSON. */
  async function fingerprint(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const t of tables) {
      const rows = await h.db(t).select('*');
      let sum = 0;
      for (const r of rows) for (const ch of JSON.stringify(r)) sum = (sum * 31 + ch.charCodeAt(0)) >>> 0;
      out[t] = `${rows.length}:${sum}`;
    }
    return out;
  }

  function callerAs(def: AnyAction): CallAs {
    const a = def.audience;
    if (a.kind === 'admin') return { bearer: owner };
    if (a.kind === 'platform') return { source: a.sources[0] };
    return { openid: 'fuzz-learner' };
  }

  it('finds every function and action', () => {
    expect(functions.size).toBeGreaterThanOrEqual(8);
  });

  it('hostile action names and event shapes', async () => {
    const before = await fingerprint();
    for (const fn of functions.values()) {
      for (const $url of [
        123,
        ['home'],
        { a: 1 },
        null,
        true,
        '__proto__',
        'constructor',
        'toString',
        'hasOwnProperty',
        'x'.repeat(10_000),
      ]) {
        for (const as of [{}, { openid: 'fuzz-learner' }, { bearer: owner }]) {
          const res: any = await fn.invoke({ $url }, { deps: h.deps, caller: callerFor(as) });
          expect(res?.error?.code ?? res?.errmsg ?? res?.statusCode).not.toBe('INTERNAL');
          if (res && 'ok' in res) expect(res.ok ? 'ok' : res.error.code).not.toBe('INTERNAL');
        }
      }
    }
    expect(await fingerprint()).toEqual(before);
  });

  it('a non-string action name never reaches a handler (tcb-router would coerce it)', async () => {
    const catalog = functions.get('catalog')!;
    for (const $url of [['home'], { toString: () => 'home' }, 1, true]) {
      const res: any = await catalog.invoke({ $url }, { deps: h.deps, caller: callerFor({}) });
      expect(res.ok ? 'ok' : res.error.code).toBe('INVALID_INPUT');
    }
    for (const $url of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '*', 'home/']) {
      const res: any = await catalog.invoke({ $url }, { deps: h.deps, caller: callerFor({}) });
      expect(res.ok ? 'ok' : res.error.code).toBe('NOT_FOUND');
    }
  });

  it('every action with mutated input: no INTERNAL; refused calls change nothing', async () => {
    const rand = prng(Number(process.env.FUZZ_SEED ?? 14));
    const internal: string[] = [];
    let calls = 0;
    for (const [fnName, fn] of functions) {
      for (const [action, def] of Object.entries(fn.actions as Record<string, AnyAction>)) {
        const schema = inputJsonSchema(def);
        const base = (valid(schema) ?? {}) as Record<string, unknown>;
        const caller = callerFor(callerAs(def));
        // One fingerprint per action: taken before its hostile calls, compared after them when all were refused.
        const before = await fingerprint();
        let allRefused = true;
        for (const input of mutations(schema, base, rand)) {
          const event = input && typeof input === 'object' && !Array.isArray(input) ? { ...(input as object), $url: action } : input;
          let res: any;
          try {
            res = await fn.invoke(event, { deps: h.deps, caller });
          } catch (err) {
            internal.push(`${fnName}.${action} threw ${String(err).slice(0, 120)}`);
            continue;
          }
          calls += 1;
          if (res && 'ok' in res && res.ok) allRefused = false;
          const code = res && 'ok' in res && !res.ok ? res.error.code : undefined;
          if (code === 'INTERNAL' || (typeof res?.errmsg === 'string' && res.errmsg.startsWith('INTERNAL')) || res?.statusCode === 500)
            internal.push(`${fnName}.${action} ${describeInput(input)}`);
        }
        if (allRefused && JSON.stringify(await fingerprint()) !== JSON.stringify(before))
          internal.push(`${fnName}.${action} refused but changed state`);
      }
    }
    expect(internal).toEqual([]);
    if (process.env.FAULT_REPORT === '1') process.stderr.write(`fuzz: ${calls} calls\n`);
    expect(calls).toBeGreaterThan(1000);
  }, 120_000);
});
