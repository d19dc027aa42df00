import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { LocalDeps } from './local-deps';
import { AppError } from '../runtime/errors';
import { fail, ok, toErrorEnvelope } from '../runtime/envelope';
import { resolveAdmin } from '../runtime/admin-session';
import { rolesWith } from '../domain/staff/roles.policy';
import { inAuditedTransaction } from '../domain/audit/audited-transaction';
import { callerFromHeaders, sendJson, type GatewayRoute } from './http-gateway';

/** Local stand-in for the CMS's js-sdk `uploadFile`: big enough for lesson audio, small enough for memory. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

// Media an article carries. No svg/html: they could carry script if ever served inline.
const ALLOWED = new Map([
  ['mp3', 'audio'],
  ['m4a', 'audio'],
  ['aac', 'audio'],
  ['wav', 'audio'],
  ['mp4', 'video'],
  ['mov', 'video'],
  ['m4v', 'video'],
  ['jpg', 'image'],
  ['jpeg', 'image'],
  ['png', 'image'],
  ['webp', 'image'],
  ['gif', 'image'],
]);

/**
 * `POST /media/upload?name=<file name>` with the file as the raw body and the CMS bearer token:
 * stores it under DATA_DIR/media/uploads/ and answers `{ fileId: 'media/uploads/…' }`, the same
 * kind of id the local MediaStore signs URLs for (in the cloud the id is a `cloud://` file id).
 */
export function mediaUploadRoute(deps: LocalDeps): GatewayRoute {
  return {
    method: 'POST',
    pattern: /^\/media\/upload\/?$/,
    maxBodyBytes: MAX_UPLOAD_BYTES,
    async handle(req, res, _params, body) {
      try {
        const caller = callerFromHeaders(req.headers, false, req.socket.remoteAddress ?? null);
        if ('error' in caller) return sendJson(res, 400, fail('INVALID_INPUT', '请求头不正确'));
        const now = deps.clock.now();
        const admin = await resolveAdmin(deps, caller, now, rolesWith('content'));
        const name = new URL(req.url ?? '/', 'http://local').searchParams.get('name') ?? '';
        const ext = path.extname(name).slice(1).toLowerCase();
        const kind = ALLOWED.get(ext);
        if (!kind)
          throw new AppError('INVALID_INPUT', '只支持 mp3/m4a/aac/wav 音频、mp4/mov 视频和常见图片', [
            { field: 'name', message: '文件类型不支持' },
          ]);
        if (body.length === 0) throw new AppError('INVALID_INPUT', '文件为空', [{ field: 'file', message: '文件为空' }]);
        const relative = `uploads/${now.toISOString().slice(0, 7)}/${randomUUID()}.${ext}`;
        const target = path.join(deps.config.mediaDir, relative);
        await fs.promises.mkdir(path.dirname(target), { recursive: true });
        await fs.promises.writeFile(target, body);
        const fileId = `media/${relative}`;
        // The file is written first: an audit row for a file that failed to land would be a lie.
        await inAuditedTransaction(deps.db, { adminId: admin.id, now }, async () => ({
          result: undefined,
          audit: { action: 'media.upload', targetType: 'media', targetId: fileId, after: { name, size: body.length, kind } },
        }));
        sendJson(res, 200, ok({ fileId, kind, size: body.length, name }));
      } catch (err) {
        const envelope = toErrorEnvelope(err);
        const status =
          envelope.error.code === 'UNAUTHENTICATED'
            ? 401
            : envelope.error.code === 'FORBIDDEN'
              ? 403
              : envelope.error.code === 'INTERNAL'
                ? 500
                : 400;
        if (status === 500) deps.log.error('media.upload', { error: err instanceof Error ? err.stack : String(err) });
        sendJson(res, status, envelope);
      }
    },
  };
}
