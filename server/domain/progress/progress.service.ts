import type { Knex } from 'knex';
import { toBool, toDate, toNum } from '../../db/values';
import { AppError } from '../../runtime/errors';
import { articleNotFound, columnNotFound, findReadableArticle } from '../access/reading';
import { decideReading } from '../access/access.policy';
import { inTransaction } from '../../db/transactions';
import { refreshStaleGrantsDigest } from '../entitlements/grants-digest';
import { ViewerAccess } from '../access/viewer-access';
import { ARTICLE_CARD_COLUMNS, ARTICLE_MEDIA_FLAGS, type ArticleCard } from '../catalog/cards';
import { toLockedCards } from '../catalog/catalog.service';
import { whereArticleReleased, whereColumnListed } from '../catalog/visibility';
import {
  addDailySeconds,
  bumpReadingStats,
  advanceStudyClock,
  findProgress,
  readForReport,
  reportInOneStatement,
  upsertProgress,
  toProgressRow,
  type ProgressRow,
} from './progress.repo';
import { measureStudy } from './study-time.policy';
import { moveLatestStudyDay } from '../reporting/daily-metrics.repo';
import { completionRate, isCompleted } from './completion.policy';
import { addDays, daysEndingAt, splitByStudyDay, studyDayOf } from '../calendar/shanghai-calendar';
import type { ServiceContext } from '../../runtime/service-context';

/**
 * A learner acting on their own progress; the id comes from the platform identity only. A
 * learner without a users row yet (`userId` null) has no progress and no entitlements; the row
 * is created only when a report is actually recorded, so refused calls write nothing.
 */
export interface Learner {
  db: Knex;
  now: Date;
  userId: number | null;
  ensureUserId(): Promise<number>;
}

/** Progress actions take the call's service context; the learner's row is looked up, created only when a report is recorded. */
export type ProgressCtx = Pick<ServiceContext, 'db' | 'now' | 'actor'>;

async function learnerOf(ctx: ProgressCtx): Promise<Learner> {
  return { db: ctx.db, now: ctx.now, userId: await ctx.actor.viewerId(), ensureUserId: () => ctx.actor.learnerId() };
}

/** What a progress action needs of an article: that it exists for this learner, the access decision, its media length. */
interface ProgressArticle {
  id: number;
  granted: boolean;
  /** The longest media of the article (audio or video); 0 when it has none. */
  mediaDurationSec: number;
}

/** The article as this learner may see it — the reading rule, archived columns included. */
async function loadArticle(l: Learner, articleId: number): Promise<ProgressArticle> {
  const { facts, decision, row } = await findReadableArticle(l.db, l.userId, l.now, articleId, [
    'a.audio_duration_sec',
    'a.video_duration_sec',
  ]);
  return {
    id: facts.id,
    granted: decision.granted,
    mediaDurationSec: Math.max(toNum(row.audio_duration_sec), toNum(row.video_duration_sec)),
  };
}

export interface ReportInput {
  articleId: number;
  percent: number;
  positionSec?: number;
}

export interface ReportResult {
  percent: number;
  completed: boolean;
  durationSec: number;
  /** Seconds this report added to the learner's study time (0 at a session start). */
  creditedSec: number;
}

/**
 * Records a progress report. Cost is constant whatever the learner's history: ONE read (learner
 * by openid, article, entitlements, study clock, current row — `readForReport`), the reading rule
 * and the study-time policy in memory, then usually ONE write: the compare-and-set on the study
 * clock, the progress upsert rules, the day's seconds and (when this report completes the
 * article) the CMS's per-article summary in a single statement (`reportInOneStatement`). The first report of a day or on an article (rows to insert), a
 * stretch across midnight, a lost race and SQLite take the transaction: the compare-and-set
 * (with the progress row when it exists), the reading_progress upsert if not yet done, and one
 * or two learning_daily upserts, and the CMS's per-article summary when a reader is new or has
 * just completed. MySQL statements: 2 usually, 7 for the first report of a day (the dashboard's
 * latest-study-day counters move too), 6–9 for the first on an article.
 */
export async function report(ctx: ProgressCtx, input: ReportInput): Promise<ReportResult> {
  const openid = ctx.actor.openid;
  if (!openid) throw new AppError('UNAUTHENTICATED');
  const { db, now } = ctx;
  const today = studyDayOf(now);
  const read = await readForReport(db, input.articleId, openid, now, today);
  const decision = read && decideReading(read.facts, read.entitlements, now);
  if (read?.digestStale) await refreshStaleGrantsDigest(db, read.viewerId!, now);
  if (!read || !decision?.exists) throw articleNotFound();
  // Progress exists only for what the learner may read in full; a preview reader records nothing.
  if (!decision.granted) throw new AppError('FORBIDDEN', '购买后才能记录学习进度');
  if (input.positionSec !== undefined && input.positionSec > read.mediaDurationSec) {
    throw new AppError('INVALID_INPUT', '播放位置超出了音视频时长', [
      { field: 'positionSec', message: `不能超过 ${read.mediaDurationSec} 秒` },
    ]);
  }

  const state = read.state;
  const measure = measureStudy(state.clockAt, now);
  const tooSoon = (retryAfterMs: number) =>
    new AppError('RATE_LIMITED', '学习进度上报太频繁，请稍后再试', { retryAfterSec: Math.max(1, Math.ceil(retryAfterMs / 1000)) });
  if (measure.kind === 'too_soon') throw tooSoon(measure.retryAfterMs);
  const shares = splitByStudyDay(measure.creditStartMs, measure.creditSec);
  const write = { articleId: read.facts.id, percent: input.percent, positionSec: input.positionSec, creditSec: measure.creditSec, now };
  // The same rules the write applied in SQL, on the state the won compare-and-set vouches for.
  const result: ReportResult = {
    percent: Math.max(state.percent, input.percent),
    completed: state.completed || isCompleted(input.percent),
    durationSec: state.durationSec + measure.creditSec,
    creditedSec: measure.creditSec,
  };

  // The CMS's per-article summary moves on a learner's first report of an article (a row to
  // insert: the transaction) and when their completion turns on (in the one statement too).
  const stats = { readers: read.hasProgressRow ? 0 : 1, completed: !state.completed && isCompleted(input.percent) ? 1 : 0 };
  const oneDay = shares.length === 0 ? null : shares.length === 1 && shares[0].day === today && read.hasDayRow ? today : undefined;
  // The one statement when nothing but existing rows change: the day's row exists and is already
  // the learner's latest study day (else the dashboard's counters move too: the transaction).
  if (read.viewerId !== null && read.hasProgressRow && oneDay !== undefined && (oneDay === null || read.lastStudyDay === oneDay)) {
    const done = await reportInOneStatement(db, {
      ...write,
      userId: read.viewerId,
      expectedClock: state.clockAt,
      nextClock: measure.clockAt,
      day: oneDay,
      completesNow: stats.completed === 1,
    });
    if (done) return result;
  }

  const userId = read.viewerId ?? (await ctx.actor.learnerId());
  // A deadlock victim is rolled back whole (clock included), so its rerun's compare-and-set sees
  // the same previous instant and stays exact.
  await inTransaction(db, async (trx) => {
    // The clock and an existing progress row in one statement where the database can (the first
    // report of a day); otherwise the compare-and-set first, so a report that lost the race to a
    // concurrent one writes nothing at all, then the upsert.
    const clock = { ...write, userId, expectedClock: state.clockAt, nextClock: measure.clockAt, day: null };
    if (!(read.hasProgressRow && (await reportInOneStatement(trx, clock)))) {
      if (!(await advanceStudyClock(trx, userId, state.clockAt, measure.clockAt))) throw tooSoon(1000);
      await upsertProgress(trx, { ...write, userId });
    }
    for (const share of shares) await addDailySeconds(trx, userId, share.day, share.sec);
    // Study days only move forward (the clock does), so the last share is the latest day; the won
    // compare-and-set vouches that `read.lastStudyDay` is still the stored one.
    const latestDay = shares.at(-1)?.day;
    if (latestDay !== undefined) await moveLatestStudyDay(trx, userId, read.lastStudyDay, latestDay);
    if (stats.readers || stats.completed) await bumpReadingStats(trx, read.facts.id, stats);
  });
  return result;
}

/** The caller's own progress on an article that exists for them (zeros before the first report). */
export async function get(ctx: ProgressCtx, articleId: number): Promise<ProgressRow> {
  const l = await learnerOf(ctx);
  await loadArticle(l, articleId);
  return l.userId === null ? toProgressRow(undefined) : findProgress(l.db, l.userId, articleId);
}

/** One article the learner has progress on (the column page's ticks); unread articles are left out. */
export interface ArticleProgressTick {
  articleId: number;
  percent: number;
  completed: boolean;
}

export interface ColumnProgress {
  completed: number;
  total: number;
  rate: number;
  lastArticleId: number | null;
  /** The learner's own percent per released article, in reading order (only articles with progress). */
  articles: ArticleProgressTick[];
}

/**
 * Completion over the column's released articles and the article to continue with: the most
 * recently read one if unfinished, else the next unfinished one after it in reading order
 * (wrapping to the start), else the first article; null once everything is completed.
 */
export async function column(ctx: ProgressCtx, columnId: number): Promise<ColumnProgress> {
  const l = await learnerOf(ctx);
  const col = await l.db('columns').where('id', columnId).first('id', 'status', 'member_included');
  const access = await ViewerAccess.load(l.db, l.userId, l.now, { columnIds: [columnId] });
  if (!col || !access.columnExists({ id: columnId, memberIncluded: toBool(col.member_included), status: col.status }))
    throw columnNotFound();
  // Reading order is the catalog page's: chapters by (sort, id), loose articles last.
  const articles: Array<{ id: number }> = await whereArticleReleased(
    l.db('articles as a').leftJoin('chapters as ch', 'ch.id', 'a.chapter_id').select('a.id').where('a.column_id', columnId),
    l.now,
  ).orderByRaw('CASE WHEN ch.id IS NULL THEN 1 ELSE 0 END, ch.sort, ch.id, a.sort, a.id');
  const order = articles.map((a) => Number(a.id));
  const rows: Array<Record<string, unknown>> =
    order.length && l.userId !== null
      ? await l
          .db('reading_progress')
          .select('article_id', 'percent', 'completed', 'last_report_at')
          .where('user_id', l.userId)
          .whereIn('article_id', order)
      : [];
  const completedIds = new Set(rows.filter((r) => toBool(r.completed)).map((r) => Number(r.article_id)));
  const total = order.length;
  const completed = completedIds.size;

  let lastArticleId: number | null = null;
  const unfinished = order.filter((id) => !completedIds.has(id));
  if (unfinished.length) {
    const latest = rows.reduce<Record<string, unknown> | null>(
      (best, r) => (!best || toDate(r.last_report_at)!.getTime() > toDate(best.last_report_at)!.getTime() ? r : best),
      null,
    );
    if (!latest) lastArticleId = unfinished[0];
    else {
      const at = order.indexOf(Number(latest.article_id));
      lastArticleId = [...order.slice(at), ...order.slice(0, at)].find((id) => !completedIds.has(id)) ?? null;
    }
  }
  const byId = new Map(rows.map((r) => [Number(r.article_id), r]));
  const ticks = order
    .filter((id) => byId.has(id))
    .map((id) => ({ articleId: id, percent: Number(byId.get(id)!.percent), completed: toBool(byId.get(id)!.completed) }));
  return { completed, total, rate: completionRate(completed, total), lastArticleId, articles: ticks };
}

export interface RecentItem {
  article: ArticleCard;
  percent: number;
  lastReadAt: string;
}

/** Continue-learning list, newest first: released articles of listed columns only, as cards. */
export async function recent(ctx: ProgressCtx, limit: number): Promise<{ items: RecentItem[] }> {
  const l = await learnerOf(ctx);
  if (l.userId === null) return { items: [] };
  const rows: Array<Record<string, unknown>> = await whereColumnListed(
    whereArticleReleased(
      l
        .db('reading_progress as rp')
        .join('articles as a', 'a.id', 'rp.article_id')
        .join('columns as c', 'c.id', 'a.column_id')
        .select(...ARTICLE_CARD_COLUMNS, ...ARTICLE_MEDIA_FLAGS.map((f) => l.db.raw(f)), 'rp.percent', 'rp.last_report_at')
        .where('rp.user_id', l.userId),
      l.now,
    ),
  )
    .orderBy([
      { column: 'rp.last_report_at', order: 'desc' },
      { column: 'rp.article_id', order: 'desc' },
    ])
    .limit(limit);
  const cards = await toLockedCards({ db: l.db, now: l.now, viewerId: l.userId }, rows);
  return {
    items: rows.map((row, i) => ({
      article: cards[i],
      percent: toNum(row.percent),
      lastReadAt: toDate(row.last_report_at)!.toISOString(),
    })),
  };
}

export interface StudyStats {
  totalSec: number;
  streakDays: number;
  /** The last `days` Asia/Shanghai days, oldest first, days without study included as 0. */
  daily: Array<{ day: string; sec: number }>;
}

const STREAK_BATCH = 366;

export async function stats(ctx: ProgressCtx, days: number): Promise<StudyStats> {
  const l = await learnerOf(ctx);
  const today = studyDayOf(l.now);
  const window = daysEndingAt(today, days);
  if (l.userId === null) return { totalSec: 0, streakDays: 0, daily: window.map((day) => ({ day, sec: 0 })) };
  const [total, rows] = await Promise.all([
    l.db('learning_daily').where('user_id', l.userId).sum('seconds as s').first(),
    l.db('learning_daily').select('day', 'seconds').where('user_id', l.userId).where('day', '>=', window[0]).where('day', '<=', today),
  ]);
  const byDay = new Map<string, number>(rows.map((r: { day: string; seconds: unknown }) => [String(r.day), toNum(r.seconds)]));
  return {
    totalSec: toNum(total?.s),
    streakDays: await streak(l.db, l.userId, today),
    daily: window.map((day) => ({ day, sec: byDay.get(day) ?? 0 })),
  };
}

/**
 * Consecutive study days ending today, or yesterday when today has no study yet (the streak is
 * still alive until today ends). Walks the (user_id, day) key backwards a year at a time.
 */
async function streak(db: Knex, userId: number, today: string): Promise<number> {
  let expect = today;
  let count = 0;
  let first = true;
  for (;;) {
    const batch: Array<{ day: string }> = await db('learning_daily')
      .select('day')
      .where('user_id', userId)
      .where('seconds', '>', 0)
      .where('day', '<=', expect)
      .orderBy('day', 'desc')
      .limit(STREAK_BATCH);
    for (const { day } of batch) {
      if (first && day !== today) expect = addDays(today, -1);
      first = false;
      if (day !== expect) return count;
      count += 1;
      expect = addDays(expect, -1);
    }
    if (batch.length < STREAK_BATCH) return count;
  }
}
