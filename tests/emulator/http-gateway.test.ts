import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createGateway, MAX_BODY_BYTES } from '../../server/emulator/http-gateway';
import { loadAllFunctions } from '../../server/emulator/functions';
import { createHarness, type Harness } from '../support/harness';
import { close, listen, postJson } from '../support/http';

describe('local gateway: POST /fn/<name>', () => {
  let h: Harness;
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    h = await createHarness({ seed: true });
    server = createGateway({ deps: h.deps, functions: loadAllFunctions() });
    base = await listen(server);
  });
  afterAll(async () => {
    await close(server);
    await h.close();
  });

  it('serves the seeded catalog', async () => {
    const res = await postJson(`${base}/fn/catalog`, { $url: 'home' });
    expect(res.status).toBe(200);
    expect(res.json.ok).toBe(true);
    expect(res.json.data.columns.length).toBe(3);
  });

  it('reports health with the loaded functions', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { functions: string[] }).functions).toContain('catalog');
  });

  it('unknown function → 404 JSON', async () => {
    const res = await postJson(`${base}/fn/nope`, { $url: 'x' });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('NOT_FOUND');
  });

  it('malformed JSON → 400 JSON, non-object body → 400', async () => {
    const bad = await postJson(`${base}/fn/catalog`, '{"$url": ');
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('INVALID_INPUT');
    const arr = await postJson(`${base}/fn/catalog`, '[1,2]');
    expect(arr.status).toBe(400);
  });

  it('oversized body → 413', async () => {
    const res = await postJson(`${base}/fn/catalog`, { $url: 'home', pad: 'x'.repeat(MAX_BODY_BYTES) });
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe('INVALID_INPUT');
  });

  it('GET on a function → 405', async () => {
    const res = await fetch(`${base}/fn/catalog`);
    expect(res.status).toBe(405);
  });

  it('a client cannot claim the timer source to run reconcile (issue 14)', async () => {
    for (const source of ['wx_trigger', 'wx_client, wx_trigger']) {
      const res = await postJson(`${base}/fn/pay`, { $url: 'reconcile' }, { 'x-wx-source': source });
      expect(res.status).toBe(403);
      expect(res.json.error.code).toBe('FORBIDDEN');
      const timer = await postJson(`${base}/fn/pay`, { Type: 'Timer', TriggerName: 'reconcile' }, { 'x-wx-source': source });
      expect(timer.status).toBe(403);
    }
  });

  it('a client cannot claim the payment-callback source', async () => {
    for (const source of ['wx_paycallback', 'wx_client,wx_paycallback']) {
      const res = await postJson(`${base}/fn/catalog`, { $url: 'home' }, { 'x-wx-source': source });
      expect(res.status).toBe(403);
      expect(res.json.error.code).toBe('FORBIDDEN');
    }
  });

  it('a malformed openid header → 400', async () => {
    const res = await postJson(`${base}/fn/catalog`, { $url: 'home' }, { 'x-wx-openid': 'a b<script>' });
    expect(res.status).toBe(400);
  });

  it('serves cover images and 404s unknown paths as JSON', async () => {
    const cover = await fetch(`${base}/static/covers/learning.svg`);
    expect(cover.status).toBe(200);
    expect(cover.headers.get('content-type')).toContain('svg');
    const missing = await fetch(`${base}/nowhere`);
    expect(missing.status).toBe(404);
  });
});

describe('local gateway with SANDBOX_ALLOW_FORGED_SOURCE', () => {
  it('lets tests claim the payment-callback source', async () => {
    const h = await createHarness();
    const server = createGateway({ deps: h.deps, functions: loadAllFunctions(), allowForgedSource: true });
    const base = await listen(server);
    try {
      const res = await postJson(`${base}/fn/catalog`, { $url: 'home' }, { 'x-wx-source': 'wx_paycallback' });
      expect(res.status).toBe(200);
    } finally {
      await close(server);
      await h.close();
    }
  });
});

describe('local gateway: the CMS static files', () => {
  let server: http.Server;
  let base: string;
  let dir: string;
  const js = 'console.log("管理后台");\n'.repeat(200);

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zs-cms-'));
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>后台</title>');
    fs.writeFileSync(path.join(dir, 'assets/app.js'), js);
    fs.writeFileSync(path.join(dir, 'assets/app.js.gz'), zlib.gzipSync(js));
    fs.writeFileSync(path.join(dir, 'assets/app.js.br'), zlib.brotliCompressSync(js));
    server = createGateway({ deps: {} as never, functions: new Map(), adminDistDir: dir });
    base = await listen(server);
  });
  afterAll(async () => {
    await close(server);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const get = (url: string, acceptEncoding?: string) =>
    new Promise<{ status: number; encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      http
        .get(url, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (res) => {
          const parts: Buffer[] = [];
          res.on('data', (c: Buffer) => parts.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, encoding: res.headers['content-encoding'], body: Buffer.concat(parts) }),
          );
        })
        .on('error', reject);
    });

  it('sends the precompressed file the browser accepts: brotli first, then gzip, else plain', async () => {
    const br = await get(`${base}/admin/assets/app.js`, 'gzip, deflate, br');
    expect(br.encoding).toBe('br');
    expect(zlib.brotliDecompressSync(br.body).toString()).toBe(js);
    const gz = await get(`${base}/admin/assets/app.js`, 'gzip');
    expect(gz.encoding).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).toString()).toBe(js);
    const plain = await get(`${base}/admin/assets/app.js`);
    expect(plain.encoding).toBeUndefined();
    expect(plain.body.toString()).toBe(js);
  });
});
