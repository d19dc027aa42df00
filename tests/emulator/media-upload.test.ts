import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bootLocalRuntime, DEMO_ADMIN, type LocalRuntime } from '../../server/emulator/boot';
import { loadConfig } from '../../server/platform/config';
import { memoryLogger } from '../../server/runtime/logger';
import { createTestDb, testDbClient, type TestDb } from '../support/test-db';
import { listen, postJson } from '../support/http';

/** The emulator's stand-in for js-sdk uploadFile, and the CMS login over real HTTP. */
describe(`local media upload (${testDbClient()})`, () => {
  let dir: string;
  let mysql: TestDb | undefined;
  let runtime: LocalRuntime;
  let base: string;
  let token: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zs-upload-'));
    if (testDbClient() === 'mysql') mysql = await createTestDb();
    const config = loadConfig({ DATA_DIR: dir, PORT: '0', ...(mysql ? { MYSQL_URL: mysql.url } : {}) });
    runtime = await bootLocalRuntime({ config, env: {}, log: memoryLogger(), seed: false });
    base = await listen(runtime.server);
    const login = await postJson(`${base}/fn/admin`, { $url: 'login', ...DEMO_ADMIN });
    token = login.json.data.token;
  });
  afterAll(async () => {
    await runtime.close();
    await mysql?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const upload = (name: string, body: Buffer, auth: string | null = token) =>
    fetch(`${base}/media/upload?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
      body,
    });

  it('stores the file under DATA_DIR/media and answers a local file id, audited', async () => {
    const res = await upload('第一课.mp3', Buffer.from('ID3-fake-audio'));
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as any;
    expect(data).toMatchObject({
      kind: 'audio',
      size: 14,
      fileId: expect.stringMatching(/^media\/uploads\/\d{4}-\d{2}\/[0-9a-f-]+\.mp3$/),
    });
    expect(fs.readFileSync(path.join(dir, data.fileId)).toString()).toBe('ID3-fake-audio');
    expect(await runtime.db('audit_log').where({ action: 'media.upload' })).toHaveLength(1);
  });

  it('refuses no session, a role without content rights, unknown types and empty files', async () => {
    expect((await upload('a.mp3', Buffer.from('x'), null)).status).toBe(401);
    await postJson(
      `${base}/fn/admin`,
      { $url: 'staff.create', username: 'helpdesk', password: 'long-enough-1', role: 'support' },
      { authorization: `Bearer ${token}` },
    );
    const support = (await postJson(`${base}/fn/admin`, { $url: 'login', username: 'helpdesk', password: 'long-enough-1' })).json.data
      .token;
    expect((await upload('a.mp3', Buffer.from('x'), support)).status).toBe(403);
    const bad = await upload('evil.svg', Buffer.from('<svg onload=alert(1)>'));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.code).toBe('INVALID_INPUT');
    expect((await upload('empty.mp3', Buffer.alloc(0))).status).toBe(400);
    expect(fs.readdirSync(path.join(dir, 'media/uploads')).flatMap((d) => fs.readdirSync(path.join(dir, 'media/uploads', d)))).toHaveLength(
      1,
    );
  });
});
