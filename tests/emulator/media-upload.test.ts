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

  it('an image answers a signed link for the editor as well; its id is what the article stores', async () => {
    const res = await upload('插图.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    const { data } = (await res.json()) as any;
    expect(data).toMatchObject({ kind: 'image', fileId: expect.stringMatching(/^media\/uploads\/.+\.png$/) });
    expect(data.url).toMatch(/\/media\/uploads\/.+\.png\?exp=\d+&sig=/);
    expect((await fetch(data.url.replace(/^https?:\/\/[^/]+/, base))).status).toBe(200);
    fs.rmSync(path.join(dir, data.fileId)); // the next test counts the stored files
  });

  it('accepts real signatures of each family', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
    const mp4 = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypisom', 'latin1'), Buffer.alloc(12)]);
    const wav = Buffer.concat([Buffer.from('RIFF', 'latin1'), Buffer.alloc(4), Buffer.from('WAVEfmt ', 'latin1')]);
    for (const [name, body, kind] of [
      ['a.png', png, 'image'],
      ['b.jpg', jpeg, 'image'],
      ['c.mp4', mp4, 'video'],
      ['d.m4a', mp4, 'audio'],
      ['e.wav', wav, 'audio'],
    ] as const) {
      const res = await upload(name, body);
      expect(res.status).toBe(200);
      expect(((await res.json()) as any).data.kind).toBe(kind);
    }
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
    // The bytes decide (issue 14): an SVG, HTML or script under a media name is refused.
    for (const [name, bytes] of [
      ['cat.png', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'],
      ['lesson.mp3', '<html><script>alert(1)</script></html>'],
      ['clip.mp4', '#!/bin/sh\nrm -rf /'],
      ['photo.jpg', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).toString('latin1')],
    ] as const) {
      const res = await upload(name, Buffer.from(bytes, 'latin1'));
      expect(res.status).toBe(400);
      expect(((await res.json()) as any).error.details[0].field).toBe('file');
    }
    expect(fs.readdirSync(path.join(dir, 'media/uploads')).flatMap((d) => fs.readdirSync(path.join(dir, 'media/uploads', d)))).toHaveLength(
      6,
    );
  });
});
