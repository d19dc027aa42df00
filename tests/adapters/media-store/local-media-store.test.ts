import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { LocalMediaStore, localMediaPath } from '../../../server/adapters/media-store/local-media-store';
import { ManualClock } from '../../../server/ports/clock';
import { close, listen } from '../../support/http';

/** Local signed media URLs: valid until `exp`, bound to one path, served with Range support. */
describe('LocalMediaStore', () => {
  let dir: string;
  let clock: ManualClock;
  let base: string;
  let server: http.Server;
  let store: LocalMediaStore;
  const secret = 'test-secret';

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zs-media-'));
    fs.mkdirSync(path.join(dir, 'lessons'));
    fs.writeFileSync(path.join(dir, 'lessons', 'a.wav'), Buffer.from('RIFF-0123456789'));
    fs.writeFileSync(path.join(path.dirname(dir), 'outside-secret.txt'), 'outside');
    clock = new ManualClock('2026-06-01T00:00:00.000Z');
    const route = () => store.route();
    server = http.createServer((req, res) => {
      const r = route();
      const m = r.pattern.exec(new URL(req.url ?? '/', 'http://x').pathname);
      if (!m) {
        res.writeHead(404);
        return res.end();
      }
      void r.handle(req, res, m.slice(1));
    });
    base = await listen(server);
    store = new LocalMediaStore({ publicBaseUrl: base, secret, clock, mediaDir: dir });
  });
  afterAll(async () => {
    await close(server);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers });

  it('mints `${publicBaseUrl}/media/<path>?exp&sig` that plays until it expires', async () => {
    const url = await store.signedUrl('media/lessons/a.wav', { ttlSec: 60 });
    expect(url).toMatch(new RegExp(`^${base}/media/lessons/a\\.wav\\?exp=\\d+&sig=[A-Za-z0-9_-]+$`));
    const ok = await get(url);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('RIFF-0123456789');
    clock.advanceSec(59);
    expect((await get(url)).status).toBe(200);
    clock.advanceSec(1);
    const expired = await get(url);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toBe('链接已过期');
  });

  it('serves byte ranges (players seek with Range requests)', async () => {
    const url = await store.signedUrl('media/lessons/a.wav', { ttlSec: 60 });
    const res = await get(url, { range: 'bytes=0-3' });
    expect(res.status).toBe(206);
    expect(await res.text()).toBe('RIFF');
  });

  it.each([
    [
      'a changed signature',
      (u: URL) =>
        u.searchParams.set(
          'sig',
          u.searchParams.get('sig')!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')),
        ),
    ],
    ['a later expiry', (u: URL) => u.searchParams.set('exp', String(Number(u.searchParams.get('exp')) + 3600))],
    ['another file with the same signature', (u: URL) => (u.pathname = '/media/lessons/b.wav')],
    ['no signature', (u: URL) => u.searchParams.delete('sig')],
    ['no expiry', (u: URL) => u.searchParams.delete('exp')],
  ])('%s → 403', async (_label, tamper) => {
    const u = new URL(await store.signedUrl('media/lessons/a.wav', { ttlSec: 60 }));
    tamper(u);
    expect((await get(u.toString())).status).toBe(403);
  });

  it('a signature made with another secret is refused', async () => {
    const other = new LocalMediaStore({ publicBaseUrl: base, secret: 'other', clock, mediaDir: dir });
    expect((await get(await other.signedUrl('media/lessons/a.wav', { ttlSec: 60 }))).status).toBe(403);
  });

  it('path traversal cannot be signed nor served', async () => {
    for (const id of [
      'media/../outside-secret.txt',
      'media/lessons/../../x',
      'media/.hidden',
      'media/',
      'cloud://x/y',
      '/etc/passwd',
      'media/a//b',
    ]) {
      expect(localMediaPath(id)).toBeNull();
      await expect(store.signedUrl(id, { ttlSec: 60 })).rejects.toThrow();
    }
    // Even a correctly signed traversal path is refused before any file is touched.
    for (const raw of [
      '/media/..%2Foutside-secret.txt',
      '/media/%2e%2e/outside-secret.txt',
      '/media/lessons%2F..%2F..%2Foutside-secret.txt',
    ]) {
      const res = await get(`${base}${raw}?exp=9999999999&sig=x`);
      // 403 from the route, or 404 when the client already normalised `..` away from /media/
      expect([403, 404]).toContain(res.status);
      expect(await res.text()).not.toContain('outside');
    }
    expect(store.check('../outside-secret.txt', '9999999999', 'x')).toBe('bad-path');
  });

  it('a signed URL for a file that does not exist is a 404, not a crash', async () => {
    expect((await get(await store.signedUrl('media/lessons/none.wav', { ttlSec: 60 }))).status).toBe(404);
  });
});
