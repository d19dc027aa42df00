import type { Knex } from 'knex';
import { AppError } from '../../runtime/errors';
import { dbClientOf } from '../../db/dialect';
import { checkAllowance, windowsAt, type ReadingKind } from './reading-limit.policy';

const DAY_SEC = 86_400;

/**
 * Counts what one paid read hands the learner (`{ paid_open: 1, media_link: 2 }`), or refuses the
 * whole read with RATE_LIMITED — counting nothing — when any window of any kind is full. Two
 * reads racing at the very limit can both pass: the limit stops scraping, it is not exact to the
 * item, so the reading path takes no lock.
 */
export async function takeReadingAllowance(
  db: Knex,
  userId: number,
  now: Date,
  wants: Partial<Record<ReadingKind, number>>,
): Promise<void> {
  const kinds = (Object.keys(wants) as ReadingKind[]).filter((k) => (wants[k] ?? 0) > 0);
  if (!kinds.length) return;
  const rows: Array<{ kind: unknown; window_sec: unknown; window_start: unknown; count: unknown }> = await db('reading_counters')
    .select('kind', 'window_sec', 'window_start', 'count')
    .where('user_id', userId)
    .whereIn('kind', kinds)
    .andWhere('window_start', '>=', windowsAt(kinds[0], now).find((w) => w.windowSec === DAY_SEC)!.start);
  let retryAfterSec = 0;
  let firstOfDay = true;
  for (const kind of kinds) {
    const windows = windowsAt(kind, now);
    const counted = new Map<number, number>();
    for (const w of windows) {
      const row = rows.find((r) => r.kind === kind && Number(r.window_sec) === w.windowSec && Number(r.window_start) === w.start);
      if (row) counted.set(w.windowSec, Number(row.count));
    }
    if (counted.has(DAY_SEC)) firstOfDay = false;
    const verdict = checkAllowance(windows, counted, wants[kind]!, now);
    if (!verdict.ok) retryAfterSec = Math.max(retryAfterSec, verdict.retryAfterSec);
  }
  if (retryAfterSec > 0) throw new AppError('RATE_LIMITED', '打开付费内容太频繁了，请稍后再试', { retryAfterSec });

  // Every window of every kind in ONE statement: a paid open already costs the decision's round
  // trip, and this keeps the allowance to a read and a write. Each row adds its own amount
  // (MySQL's VALUES(), SQLite's excluded.).
  const added = dbClientOf(db) === 'mysql' ? 'VALUES(count)' : 'excluded.count';
  await db('reading_counters')
    .insert(
      kinds.flatMap((kind) =>
        windowsAt(kind, now).map((w) => ({ user_id: userId, kind, window_sec: w.windowSec, window_start: w.start, count: wants[kind]! })),
      ),
    )
    .onConflict(['user_id', 'kind', 'window_sec', 'window_start'])
    .merge({ count: db.raw(`reading_counters.count + ${added}`) });
  // The learner's first paid read of a day: their counters older than two days go.
  if (firstOfDay) {
    const today = windowsAt(kinds[0], now).find((w) => w.windowSec === DAY_SEC)!.start;
    await db('reading_counters')
      .where('user_id', userId)
      .andWhere('window_start', '<', today - 2 * DAY_SEC)
      .delete();
  }
}
