import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bootLocalRuntime, DEMO_ADMIN } from '../../server/emulator/boot';
import { loadConfig } from '../../server/platform/config';
import { memoryLogger } from '../../server/runtime/logger';
import { createTestDb, testDbClient, type TestDb } from '../support/test-db';
import { listen, postJson } from '../support/http';

/**
 * `npm start` on a fresh machine: the embedded SQLite file by default, MySQL with MYSQL_URL —
 * migrated, seeded once, the demo owner created once.
 */
describe(`bootLocalRuntime (${testDbClient()})`, () => {
  let dir: string;
  let mysql: TestDb | undefined;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zs-boot-'));
    if (testDbClient() === 'mysql') mysql = await createTestDb();
  });
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await mysql?.destroy();
  });

  it('migrates, seeds an empty database once, creates the demo owner, and serves', async () => {
    const config = loadConfig({ DATA_DIR: dir, PORT: '0', ...(mysql ? { MYSQL_URL: mysql.url } : {}) });
    const first = await bootLocalRuntime({ config, env: {}, log: memoryLogger() });
    expect(first.seeded).toBe(true);
    expect(first.createdAdmin).toEqual(DEMO_ADMIN);
    const base = await listen(first.server);
    const res = await postJson(`${base}/fn/catalog`, { $url: 'columns' });
    expect(res.json.data.items.length).toBe(3);
    await first.close();

    const second = await bootLocalRuntime({ config, env: {}, log: memoryLogger() });
    expect(second.seeded).toBe(false);
    expect(second.createdAdmin).toBeNull();
    expect(Number((await second.db('columns').count('* as n').first())?.n)).toBe(4);
    await second.close();
  });

  it('refuses ADMIN_USERNAME without ADMIN_PASSWORD', async () => {
    const config = loadConfig({ DATA_DIR: path.join(dir, 'other'), PORT: '0', ...(mysql ? { MYSQL_URL: mysql.url } : {}) });
    await expect(bootLocalRuntime({ config, env: { ADMIN_USERNAME: 'boss' }, log: memoryLogger() })).rejects.toThrow(/ADMIN_PASSWORD/);
  });
});
