import { createHmac, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import sirv from 'sirv';
import { isSafeMediaPath, localMediaPath, type MediaStore } from '../../ports/media-store';
import type { Clock } from '../../ports/clock';

export { localMediaPath };

/**
 * Local stand-in for CloudBase temporary URLs: `${publicBaseUrl}/media/<path>?exp=<epoch s>&sig=<hmac>`.
 * File ids look like `media/<path>` and name files under `mediaDir`. The HMAC covers the path
 * and the expiry, so neither can be changed; the emulator route checks it before serving.
 */
export interface LocalMediaOptions {
  publicBaseUrl: string;
  secret: string;
  clock: Clock;
  mediaDir: string;
}

function sign(secret: string, mediaPath: string, exp: number): string {
  return createHmac('sha256', secret).update(`${mediaPath}\n${exp}`).digest('base64url');
}

export type MediaCheck = 'ok' | 'expired' | 'bad-signature' | 'bad-path';

export class LocalMediaStore implements MediaStore {
  constructor(private readonly options: LocalMediaOptions) {}

  async signedUrl(fileId: string, { ttlSec }: { ttlSec: number }): Promise<string> {
    const mediaPath = localMediaPath(fileId);
    if (mediaPath === null) throw new Error('not a local media file id');
    const exp = Math.floor(this.options.clock.now().getTime() / 1000) + Math.max(1, Math.floor(ttlSec));
    return `${this.options.publicBaseUrl}/media/${mediaPath}?exp=${exp}&sig=${sign(this.options.secret, mediaPath, exp)}`;
  }

  /** Whether a request for `/media/<mediaPath>?exp&sig` may be served now. */
  check(mediaPath: string, exp: string | null, sig: string | null): MediaCheck {
    if (!isSafeMediaPath(mediaPath)) return 'bad-path';
    if (!exp || !/^\d{1,12}$/.test(exp) || !sig) return 'bad-signature';
    const expected = Buffer.from(sign(this.options.secret, mediaPath, Number(exp)));
    const given = Buffer.from(sig);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad-signature';
    if (Number(exp) * 1000 <= this.options.clock.now().getTime()) return 'expired';
    return 'ok';
  }

  /**
   * The emulator route. sirv serves the file (Range requests, which audio/video players need,
   * content types, and its own path normalisation as a second fence behind isSafeMediaPath).
   */
  route() {
    // dev mode looks files up per request: media written after start (demo files, uploads) must be found.
    const files = sirv(this.options.mediaDir, { dev: true, etag: false, dotfiles: false });
    return {
      method: 'GET' as const,
      pattern: /^\/media\/(.+)$/,
      handle: (req: http.IncomingMessage, res: http.ServerResponse, params: string[]) => {
        const url = new URL(req.url ?? '/', 'http://local');
        let mediaPath: string;
        try {
          mediaPath = decodeURIComponent(params[0]);
        } catch {
          mediaPath = '';
        }
        const verdict = this.check(mediaPath, url.searchParams.get('exp'), url.searchParams.get('sig'));
        if (verdict !== 'ok') {
          res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' });
          res.end(verdict === 'expired' ? '链接已过期' : '链接无效');
          return;
        }
        req.url = `/${mediaPath}`;
        files(req, res, () => {
          res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
          res.end('文件不存在');
        });
      },
    };
  }
}
