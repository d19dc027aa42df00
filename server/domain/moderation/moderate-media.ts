import type { Knex } from 'knex';
import type { Deps } from '../../runtime/deps';
import { AppError } from '../../runtime/errors';
import { inTransaction } from '../../db/transactions';
import type { ModerationScene } from '../../ports/moderation';

export type MediaTarget = { type: 'avatar'; userId: number } | { type: 'cover'; columnId: number };

/** How long the URL handed to mediaCheckAsync stays downloadable (WeChat fetches it asynchronously). */
const CHECK_URL_TTL_SEC = 3600;

/**
 * An image (avatar, cover) through the Moderation port as media. A verdict now (the local
 * checker): risky is refused (CONTENT_REJECTED). A trace id (mediaCheckAsync in the cloud): the
 * image is used and recorded in `media_checks`; its `wxa_media_check` push decides later
 * (`applyMediaCheckResult`). No checker or an outage: the image is used and logged as unchecked —
 * as with text, "unchecked" is never recorded as "pass".
 */
export async function checkImage(
  deps: Pick<Deps, 'moderation' | 'media' | 'log'> & { db: Knex },
  now: Date,
  req: { fileId: string; openid: string; scene: ModerationScene; target: MediaTarget },
): Promise<'pass' | 'pending' | 'unchecked'> {
  if (!deps.moderation.checkMedia) return 'unchecked';
  let result;
  try {
    const url = /^https?:\/\//.test(req.fileId) ? req.fileId : await deps.media.signedUrl(req.fileId, { ttlSec: CHECK_URL_TTL_SEC });
    result = await deps.moderation.checkMedia({ url, openid: req.openid, scene: req.scene });
  } catch (err) {
    deps.log.error('moderation.media_unavailable', { target: req.target.type, error: err instanceof Error ? err.message : String(err) });
    return 'unchecked';
  }
  if ('verdict' in result) {
    if (result.verdict === 'risky') throw new AppError('CONTENT_REJECTED', '图片未通过内容安全审核，请换一张');
    return 'pass';
  }
  await deps
    .db('media_checks')
    .insert({
      trace_id: result.pending.slice(0, 64),
      target_type: req.target.type,
      target_id: req.target.type === 'avatar' ? req.target.userId : req.target.columnId,
      file_id: req.fileId.slice(0, 512),
      status: 'pending',
      created_at: now,
      updated_at: now,
    })
    .onConflict('trace_id')
    .ignore();
  return 'pending';
}

/**
 * The `wxa_media_check` push: `{ trace_id, result: { suggest, label }, … }`. A risky image is
 * taken down where it is still in use (an avatar or cover changed since is left alone). Unknown
 * trace ids change nothing. Returns what was recorded.
 */
export async function applyMediaCheckResult(db: Knex, now: Date, push: Record<string, unknown>): Promise<string> {
  const traceId = typeof push.trace_id === 'string' ? push.trace_id : '';
  const suggest = (push.result as { suggest?: unknown } | undefined)?.suggest;
  if (!traceId || (suggest !== 'pass' && suggest !== 'review' && suggest !== 'risky')) return 'malformed';
  const row = await db('media_checks').where('trace_id', traceId).first();
  if (!row) return 'unknown';
  await inTransaction(db, async (trx) => {
    await trx('media_checks').where('trace_id', traceId).update({ status: suggest, updated_at: now });
    if (suggest !== 'risky') return;
    if (row.target_type === 'avatar') {
      await trx('users').where({ id: row.target_id, avatar: row.file_id }).update({ avatar: '', updated_at: now });
    } else if (row.target_type === 'cover') {
      await trx('columns').where({ id: row.target_id, cover: row.file_id }).update({ cover: '', updated_at: now });
    }
  });
  return suggest;
}
