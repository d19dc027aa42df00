import http from 'node:http';
import path from 'node:path';
import fs from 'node:fs';
import sirv from 'sirv';
import type { CloudFunction } from '../runtime/define-function';
import type { Caller } from '../runtime/caller';
import type { Deps } from '../runtime/deps';
import { fail } from '../runtime/envelope';

/** Request bodies above this are refused before parsing (cloud function events max out at 6 MB; ours are small). */
export const MAX_BODY_BYTES = 1024 * 1024;
const OPENID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export interface GatewayRoute {
  method: 'GET' | 'POST';
  /** Matched against the path; captures become `params`. */
  pattern: RegExp;
  /** Body limit for this route (uploads); MAX_BODY_BYTES when absent. */
  maxBodyBytes?: number;
  handle(req: http.IncomingMessage, res: http.ServerResponse, params: string[], body: Buffer): Promise<void> | void;
}

export interface GatewayOptions {
  deps: Deps;
  functions: Map<string, CloudFunction>;
  /** Tests only: lets a client claim `x-wx-source: wx_paycallback`. */
  allowForgedSource?: boolean;
  /** Built CMS (served at /admin/) — absent until it is built. */
  adminDistDir?: string;
  /** Extra routes contributed by local adapters (sandbox cashier, signed media). */
  routes?: GatewayRoute[];
  isReady?: () => boolean;
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: http.IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The caller as the emulator's headers describe it (API.md "Local runtime"). */
export function callerFromHeaders(
  headers: http.IncomingHttpHeaders,
  allowForgedSource: boolean,
  clientIp: string | null,
): Caller | { error: 'bad-openid' | 'forged-source' } {
  const openidHeader = headers['x-wx-openid'];
  const openid = typeof openidHeader === 'string' && openidHeader !== '' ? openidHeader : null;
  if (openid !== null && !OPENID_PATTERN.test(openid)) return { error: 'bad-openid' };
  const sourceHeader = headers['x-wx-source'];
  const source = typeof sourceHeader === 'string' && sourceHeader.trim() ? sourceHeader.trim() : 'wx_client';
  if (source.split(',').some((s) => s.trim() === 'wx_paycallback') && !allowForgedSource) return { error: 'forged-source' };
  const auth = headers.authorization;
  const bearer = typeof auth === 'string' && /^Bearer\s+(\S+)$/i.exec(auth);
  return {
    openid,
    unionid: null,
    source,
    clientIp,
    adminCredential: bearer ? { kind: 'bearer', value: bearer[1] } : null,
  };
}

export function createGateway(options: GatewayOptions): http.Server {
  const { deps, functions } = options;
  const staticFiles = sirv(path.join(__dirname, 'public'), { dev: false, etag: true });
  const adminFiles =
    options.adminDistDir && fs.existsSync(options.adminDistDir) ? sirv(options.adminDistDir, { single: true, etag: true }) : null;

  async function handleFunction(req: http.IncomingMessage, res: http.ServerResponse, name: string): Promise<void> {
    const fn = functions.get(name);
    if (!fn) return sendJson(res, 404, fail('NOT_FOUND', `云函数不存在：${name}`));
    const caller = callerFromHeaders(req.headers, options.allowForgedSource === true, req.socket.remoteAddress ?? null);
    if ('error' in caller) {
      return caller.error === 'forged-source'
        ? sendJson(res, 403, fail('FORBIDDEN', '客户端不能伪造支付回调来源'))
        : sendJson(res, 400, fail('INVALID_INPUT', 'x-wx-openid 格式不正确'));
    }
    const body = await readBody(req);
    if (body === 'too-large') return sendJson(res, 413, fail('INVALID_INPUT', '请求体过大'));
    let event: unknown;
    try {
      event = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch {
      return sendJson(res, 400, fail('INVALID_INPUT', '请求体不是合法的 JSON'));
    }
    if (!event || typeof event !== 'object' || Array.isArray(event)) {
      return sendJson(res, 400, fail('INVALID_INPUT', '请求体必须是 JSON 对象'));
    }
    sendJson(res, 200, await fn.invoke(event, { deps, caller }));
  }

  return http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const pathname = url.pathname;
    const done = (err: unknown) => {
      deps.log.error('gateway.crash', { path: pathname, error: err instanceof Error ? err.stack : String(err) });
      if (!res.headersSent) sendJson(res, 500, fail('INTERNAL'));
      else res.end();
    };
    try {
      const fnMatch = /^\/fn\/([^/]+)\/?$/.exec(pathname);
      if (fnMatch) {
        if (req.method !== 'POST') return sendJson(res, 405, fail('INVALID_INPUT', '请使用 POST 调用云函数'));
        return void handleFunction(req, res, decodeURIComponent(fnMatch[1])).catch(done);
      }
      if (pathname === '/healthz') {
        const ready = options.isReady ? options.isReady() : true;
        return sendJson(res, ready ? 200 : 503, { ok: ready, functions: [...functions.keys()] });
      }
      for (const route of options.routes ?? []) {
        const m = route.method === req.method ? route.pattern.exec(pathname) : null;
        if (m) {
          return void readBody(req, route.maxBodyBytes)
            .then((body) => {
              if (body === 'too-large') return sendJson(res, 413, fail('INVALID_INPUT', '请求体过大'));
              return route.handle(req, res, m.slice(1), body);
            })
            .catch(done);
        }
      }
      if (pathname.startsWith('/static/')) {
        req.url = pathname.slice('/static'.length) + url.search;
        return staticFiles(req, res, () => sendJson(res, 404, fail('NOT_FOUND', '文件不存在')));
      }
      if (pathname === '/admin') {
        res.writeHead(302, { location: '/admin/' });
        return res.end();
      }
      if (pathname.startsWith('/admin/')) {
        if (!adminFiles) {
          res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
          return res.end('管理后台尚未构建：请运行 npm run build:cms');
        }
        req.url = pathname.slice('/admin'.length) + url.search;
        return adminFiles(req, res, () => sendJson(res, 404, fail('NOT_FOUND', '页面不存在')));
      }
      if (pathname === '/') {
        res.writeHead(302, { location: '/admin/' });
        return res.end();
      }
      sendJson(res, 404, fail('NOT_FOUND', '地址不存在'));
    } catch (err) {
      done(err);
    }
  });
}
