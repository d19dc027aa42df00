import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bootLocalRuntime } from '../../server/emulator/boot';
import { loadConfig } from '../../server/platform/config';
import { memoryLogger } from '../../server/runtime/logger';
import { DEMO_AUDIO, DEMO_VIDEO, synthesizeSpeechLikeWav } from '../../sql/seeds/demo-media';
import { createTestDb, testDbClient, type TestDb } from '../support/test-db';
import { listen, postJson } from '../support/http';

/**
 * `npm start` on a fresh clone plays the demo audio and video: the files are put in place at
 * boot (WAV synthesised, MP4 from the repository — no ffmpeg needed), and a member gets signed
 * URLs the gateway serves.
 */
describe(`demo media on a fresh start (${testDbClient()})`, () => {
  let dir: string;
  let mysql: TestDb | undefined;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zs-demo-media-'));
    if (testDbClient() === 'mysql') mysql = await createTestDb();
  }, 60000);
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await mysql?.destroy();
  });

  it('the synthesised WAV is a valid 20 s PCM file', () => {
    const wav = synthesizeSpeechLikeWav(DEMO_AUDIO.durationSec);
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.toString('ascii', 8, 12)).toBe('WAVE');
    const byteRate = wav.readUInt32LE(28);
    const dataBytes = wav.readUInt32LE(40);
    expect(dataBytes / byteRate).toBe(20);
    expect(wav.length).toBe(44 + dataBytes);
  });

  it('the committed MP4 is small and an MP4', () => {
    const mp4 = fs.readFileSync(path.resolve(__dirname, '../../sql/seeds/media/retrieval-practice.mp4'));
    expect(mp4.length).toBeLessThan(150 * 1024);
    expect(mp4.toString('ascii', 4, 8)).toBe('ftyp');
  });

  it('a member plays both demo files through signed URLs; anonymous callers get none', async () => {
    const config = loadConfig({ DATA_DIR: dir, PORT: '0', ...(mysql ? { MYSQL_URL: mysql.url } : {}) });
    const runtime = await bootLocalRuntime({ config, env: {}, log: memoryLogger() });
    try {
      const base = await listen(runtime.server);
      const now = new Date();
      const [userId] = await runtime
        .db('users')
        .insert({ openid: 'demo-member', nickname: '', avatar: '', created_at: now, updated_at: now });
      await runtime.db('entitlements').insert({
        user_id: userId,
        scope: 'membership',
        item_id: 1,
        source: 'grant',
        source_id: 'demo-media-test',
        starts_at: new Date(now.getTime() - 1000),
        expires_at: new Date(now.getTime() + 86400_000),
        revoked_at: null,
        created_at: now,
      });
      for (const [media, kind, type] of [
        [DEMO_AUDIO, 'audio', 'audio/wav'],
        [DEMO_VIDEO, 'video', 'video/mp4'],
      ] as const) {
        const article = await runtime.db('articles').where(`${kind}_file_id`, media.fileId).first('id');
        const anon = await postJson(`${base}/fn/access`, { $url: 'article', articleId: article.id });
        expect(anon.json.data.access.granted).toBe(false);
        expect(anon.text).not.toContain(media.fileId);
        const member = await postJson(`${base}/fn/access`, { $url: 'article', articleId: article.id }, { 'x-wx-openid': 'demo-member' });
        expect(member.json.data.access).toEqual({ granted: true, reason: 'membership' });
        expect(member.json.data[kind].durationSec).toBe(media.durationSec);
        // PUBLIC_BASE_URL says port 0 here (PORT=0); the path and signature are what is checked.
        const signed = new URL(member.json.data[kind].url);
        const res = await fetch(`${base}${signed.pathname}${signed.search}`);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toContain(type);
        expect((await res.arrayBuffer()).byteLength).toBe(
          fs.statSync(path.join(config.mediaDir, media.fileId.replace(/^media\//, ''))).size,
        );
      }
    } finally {
      await runtime.close();
    }
  });
});
