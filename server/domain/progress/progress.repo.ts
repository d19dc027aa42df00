import type { Knex } from 'knex';
import { greatest } from '../../db/dialect';
import { toBool, toDate, toNum } from '../../db/values';
import { isCompleted } from './completion.policy';

export interface ReportState {
  clockAt: Date | null;
  percent: number;
  completed: boolean;
  durationSec: number;
}

/**
 * The learner's study clock and their row for the article, in one statement. Read together so
 * they are consistent: if the compare-and-set on this clock value later succeeds, no other report
 * of this learner wrote in between, and the answer can be computed without reading back.
 */
export async function readReportState(db: Knex, userId: number, articleId: number): Promise<ReportState> {
  const row = await db('users as u')
    .leftJoin('reading_progress as rp', (j) => j.on('rp.user_id', 'u.id').andOn('rp.article_id', db.raw('?', [articleId])))
    .where('u.id', userId)
    .first('u.study_clock_at', 'rp.percent', 'rp.completed', 'rp.duration_sec');
  return {
    clockAt: toDate(row?.study_clock_at),
    percent: toNum(row?.percent),
    completed: toBool(row?.completed),
    durationSec: toNum(row?.duration_sec),
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
  const merge: Record<string, unknown> = {
    percent: greatest(db, 'percent', w.percent),
    completed: greatest(db, 'completed', completed),
    completed_at: db.raw('COALESCE(??, ?)', ['completed_at', completedAt]),
    duration_sec: db.raw('?? + ?', ['duration_sec', w.creditSec]),
    last_report_at: w.now,
  };
  if (w.positionSec !== undefined) merge.position_sec = w.positionSec;
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
    .merge(merge);
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
