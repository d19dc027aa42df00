import type { Knex } from 'knex';
import { insertIgnore } from '../../db/affected';
import { AppError } from '../../runtime/errors';

/**
 * Every per-subject rate limit of the product, in one table (`rate_limits`). A limit is `max` attempts in a window
 * of `windowMs` that starts at the first attempt after the previous window ended.
 */
export const RATE_LIMITS = {
  /** Comments and replies per learner (any outcome: stored, pending or rejected by moderation). */
  comment: { max: 5, windowMs: 60_000, message: '评论太频繁了，每分钟最多 5 条，请稍后再试' },
  /** Redeem-code attempts per learner: codes have 80 random bits, this keeps guessing from being even a try. */
  redeem: { max: 10, windowMs: 10 * 60_000, message: '兑换尝试次数过多，请 10 分钟后再试' },
  /** API v3 notifications that failed verification, recorded per minute (the rest are counted, not stored). */
  notifyRejected: { max: 20, windowMs: 60_000, message: '通知过于频繁' },
} as const;
export type RateLimitBucket = keyof typeof RATE_LIMITS;

/**
 * Takes one attempt from the subject's allowance, atomically: one conditional update that either starts a new window
 * or adds to the current one while it is under the limit. Concurrent attempts (many instances) queue on the row, so
 * exactly `max` of them get through per window. Returns false when the limit is reached (nothing is taken).
 */
export async function tryTake(db: Knex | Knex.Transaction, bucket: RateLimitBucket, subject: string | number, now: Date): Promise<boolean> {
  const { max, windowMs } = RATE_LIMITS[bucket];
  const key = { bucket, subject: String(subject).slice(0, 64) };
  const t = now.getTime();
  const ended = t - windowMs;
  const take = () =>
    db('rate_limits')
      .where(key)
      .andWhere((q) => q.where('window_start', '<=', ended).orWhere('hits', '<', max))
      .update({
        hits: db.raw('CASE WHEN window_start <= ? THEN 1 ELSE hits + 1 END', [ended]),
        window_start: db.raw('CASE WHEN window_start <= ? THEN ? ELSE window_start END', [ended, t]),
      });
  if ((await take()) === 1) return true;
  // No row yet (first attempt of this subject) or the limit is reached: the row is made as an ended window if missing
  // (a concurrent first attempt may make it instead), and the update above decides again.
  await insertIgnore(db as Knex, 'rate_limits', { ...key, window_start: 0, hits: 0 }, ['bucket', 'subject']);
  return (await take()) === 1;
}

/** `tryTake`, or RATE_LIMITED with the bucket's message. */
export async function takeOrThrow(
  db: Knex | Knex.Transaction,
  bucket: RateLimitBucket,
  subject: string | number,
  now: Date,
): Promise<void> {
  if (!(await tryTake(db, bucket, subject, now))) throw new AppError('RATE_LIMITED', RATE_LIMITS[bucket].message);
}
