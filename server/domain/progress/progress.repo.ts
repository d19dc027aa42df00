import type { Knex } from 'knex';
import { greatest } from '../../db/dialect';
import { toBool, toDate, toNum } from '../../db/values';
import { isCompleted } from './completion.policy';
import { dbClientOf } from '../../db/dialect';
import { compiledStatement, rowsOf } from '../../db/compiled-statement';
import { readViewerArticle, viewerArticleQuery, type ViewerArticle } from '../access/article-access.repo';

export interface ReportState {
  clockAt: Date | null;
  percent: number;
  completed: boolean;
  durationSec: number;
}

/** Everything a report needs to know before it writes, from one statement. */
export interface ReportRead extends ViewerArticle {
  state: ReportState;
  /** The longest media of the article (audio or video); 0 when it has none. */
  mediaDurationSec: number;
  /** The learner already has a reading_progress row for the article. */
  hasProgressRow: boolean;
  /** The learner already has a learning_daily row for `day`. */
  hasDayRow: boolean;
}

type ReportReadParams = { articleId: number; openid: string; now: Date; day: string };
const reportReadStatement = compiledStatement<ReportReadParams>(
  'progress report read',
  (db, p) =>
    viewerArticleQuery(db, p.articleId, p.openid, p.now)
      .leftJoin('reading_progress as rp', (j) => j.on('rp.user_id', '=', 'u.id').andOn('rp.article_id', '=', 'a.id'))
      .leftJoin('learning_daily as d', (j) => j.on('d.user_id', '=', 'u.id').andOn('d.day', '=', db.raw('?', [p.day])))
      .select(
        db.raw('MAX(u.study_clock_at) as clock_at'),
        db.raw('MAX(rp.user_id) as rp_user_id'),
        db.raw('MAX(rp.percent) as rp_percent'),
        db.raw('MAX(rp.completed) as rp_completed'),
        db.raw('MAX(rp.duration_sec) as rp_duration_sec'),
        db.raw('MAX(d.user_id) as d_user_id'),
      ),
  { articleId: -7_302_001, openid: '\u0000sentinel-openid\u0000', now: new Date(-7_302_003), day: '\u0000sentinel-day\u0000' },
);

/**
 * The learner (by openid), the article with the facts the reading rule needs and the learner's
 * bearing entitlements, the study clock, their row for the article and whether their row for
 * `day` exists — ONE statement (`viewerArticleQuery` plus two outer joins on primary keys). Read
 * together so they are consistent: if the compare-and-set on this clock value later succeeds, no
 * other report of this learner wrote in between, and the answer can be computed without reading
 * back. Null when the article does not exist for learners at all.
 */
export async function readForReport(db: Knex, articleId: number, openid: string, now: Date, day: string): Promise<ReportRead | null> {
  const { sql, bindings } = reportReadStatement(db, { articleId, openid, now, day });
  const row = rowsOf(db, await db.raw(sql, bindings))[0];
  if (!row) return null;
  return {
    ...(await readViewerArticle(db, row)),
    state: {
      clockAt: toDate(row.clock_at),
      percent: toNum(row.rp_percent),
      completed: toBool(row.rp_completed),
      durationSec: toNum(row.rp_duration_sec),
    },
    mediaDurationSec: Math.max(toNum(row.audio_duration_sec), toNum(row.video_duration_sec)),
    hasProgressRow: row.rp_user_id !== null && row.rp_user_id !== undefined,
    hasDayRow: row.d_user_id !== null && row.d_user_id !== undefined,
  };
}

/**
 * Compare-and-set on the learner's study clock: succeeds only if nobody moved it since we read
 * `expected`. Of concurrent reports that read the same clock exactly one wins (InnoDB re-reads
 * the locked row before applying the WHERE; SQLite has a single writer).
 */
export async function advanceStudyClock(db: Knex, userId: number, expected: Date | null, next: Date): Promise<boolean> {
  const q = db('users').where('id', userId);
  if (expected === null) q.whereNull('study_clock_at');
  else q.where('study_clock_at', expected);
  return (await q.update({ study_clock_at: next })) === 1;
}

export interface ProgressWrite {
  userId: number;
  articleId: number;
  percent: number;
  positionSec?: number;
  creditSec: number;
  now: Date;
}

/**
 * One statement whatever the history: percent only rises, `completed` only turns on, and
 * `completed_at` keeps its first value (COALESCE), all evaluated by the database against the
 * current row so concurrent writers cannot lower them.
 */
export async function upsertProgress(db: Knex, w: ProgressWrite): Promise<void> {
  const completed = isCompleted(w.percent) ? 1 : 0;
  const completedAt = completed ? w.now : null;
  await db('reading_progress')
    .insert({
      user_id: w.userId,
      article_id: w.articleId,
      percent: w.percent,
      position_sec: w.positionSec ?? 0,
      duration_sec: w.creditSec,
      completed,
      completed_at: completedAt,
      last_report_at: w.now,
      created_at: w.now,
    })
    .onConflict(['user_id', 'article_id'])
    .merge(progressMerge(db, w));
}

/**
 * How a report changes an existing reading_progress row — THE progress rules, used by the upsert
 * and by the one-statement report alike (`col` qualifies a column for a multi-table UPDATE).
 */
function progressMerge(db: Knex, w: ProgressWrite, col: (name: string) => string = (name) => name): Record<string, unknown> {
  const completed = isCompleted(w.percent) ? 1 : 0;
  const merge: Record<string, unknown> = {
    [col('percent')]: greatest(db, col('percent'), w.percent),
    [col('completed')]: greatest(db, col('completed'), completed),
    [col('completed_at')]: db.raw('COALESCE(??, ?)', [col('completed_at'), completed ? w.now : null]),
    [col('duration_sec')]: db.raw('?? + ?', [col('duration_sec'), w.creditSec]),
    [col('last_report_at')]: w.now,
  };
  if (w.positionSec !== undefined) merge[col('position_sec')] = w.positionSec;
  return merge;
}

/**
 * A whole report in ONE statement (MySQL only: a multi-table UPDATE), for the usual case where
 * the learner's row for the article and their row for the study day already exist: the
 * compare-and-set of the study clock, the progress rules and the day's seconds change together
 * or not at all (one statement is atomic on its own; InnoDB re-reads the locked users row before
 * applying the WHERE, so of two racing reports one matches). `day` is null when the report earns
 * nothing. Returns false when nothing matched — the race was lost, or a row is missing — and
 * the caller falls back to the transaction, which tells the two apart.
 */
export async function reportInOneStatement(
  db: Knex,
  w: ProgressWrite & { expectedClock: Date | null; nextClock: Date; day: string | null; completesNow?: boolean },
): Promise<boolean> {
  // SQLite's UPDATE changes one table; it is in-process, so the transaction costs no round trips there.
  if (dbClientOf(db) !== 'mysql') return false;
  const q = db('users as u').join('reading_progress as rp', (j) => j.on('rp.user_id', 'u.id').andOnVal('rp.article_id', w.articleId));
  const set: Record<string, unknown> = { 'u.study_clock_at': w.nextClock, ...progressMerge(db, w, (name) => `rp.${name}`) };
  if (w.day !== null) {
    q.join('learning_daily as d', (j) => j.on('d.user_id', 'u.id').andOnVal('d.day', w.day!));
    set['d.seconds'] = db.raw('?? + ?', ['d.seconds', w.creditSec]);
  }
  if (w.completesNow) {
    // This report turns completion on (the caller knows from the state the compare-and-set vouches
    // for): the CMS's per-article summary counts it in the same statement.
    q.join('article_reading_stats as s', 's.article_id', 'rp.article_id');
    set['s.completed'] = db.raw('?? + 1', ['s.completed']);
  }
  q.where('u.id', w.userId).andWhere(
    w.expectedClock === null ? db.raw('u.study_clock_at IS NULL') : db.raw('u.study_clock_at = ?', [w.expectedClock]),
  );
  return (await q.update(set)) > 0;
}

/**
 * The per-article summary the CMS reports read (article_reading_stats): a new reader when the
 * learner's row for the article was inserted, a completion when it turned on. Called in the
 * report's transaction after its won compare-and-set, which vouches that the row was as read.
 */
export async function bumpReadingStats(db: Knex, articleId: number, delta: { readers: number; completed: number }): Promise<void> {
  await db('article_reading_stats')
    .insert({ article_id: articleId, readers: delta.readers, completed: delta.completed })
    .onConflict('article_id')
    .merge({
      readers: db.raw('?? + ?', ['article_reading_stats.readers', delta.readers]),
      completed: db.raw('?? + ?', ['article_reading_stats.completed', delta.completed]),
    });
}

export async function addDailySeconds(db: Knex, userId: number, day: string, sec: number): Promise<void> {
  await db('learning_daily')
    .insert({ user_id: userId, day, seconds: sec })
    .onConflict(['user_id', 'day'])
    .merge({ seconds: db.raw('?? + ?', ['seconds', sec]) });
}

export interface ProgressRow {
  percent: number;
  completed: boolean;
  positionSec: number;
  durationSec: number;
  lastReadAt: string | null;
}

export function toProgressRow(row: Record<string, unknown> | undefined): ProgressRow {
  if (!row) return { percent: 0, completed: false, positionSec: 0, durationSec: 0, lastReadAt: null };
  return {
    percent: toNum(row.percent),
    completed: toBool(row.completed),
    positionSec: toNum(row.position_sec),
    durationSec: toNum(row.duration_sec),
    lastReadAt: toDate(row.last_report_at)?.toISOString() ?? null,
  };
}

export async function findProgress(db: Knex, userId: number, articleId: number): Promise<ProgressRow> {
  const row = await db('reading_progress')
    .where({ user_id: userId, article_id: articleId })
    .first('percent', 'completed', 'position_sec', 'duration_sec', 'last_report_at');
  return toProgressRow(row);
}
