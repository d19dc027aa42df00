import type { Knex } from 'knex';
import { greatest } from '../../db/dialect';
import { toBool, toDate, toNum } from '../../db/values';
import { isCompleted } from './completion.policy';
import { dbClientOf } from '../../db/dialect';
import { changedRowsOf, compiledStatement, rowsOf, runCompiled } from '../../db/compiled-statement';
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
  /** The learner's latest study day so far (users.last_study_day; null before any study time). */
  lastStudyDay: string | null;
}

type ReportReadParams = { articleId: number; openid: string; now: Date; day: string };
const reportReadStatement = compiledStatement<ReportReadParams>(
  'progress report read',
  (db, p) =>
    viewerArticleQuery(db, p.articleId, p.openid, p.now)
      .leftJoin('reading_progress as rp', (j) => j.on('rp.user_id', '=', 'u.id').andOn('rp.article_id', '=', 'a.id'))
      .leftJoin('learning_daily as d', (j) => j.on('d.user_id', '=', 'u.id').andOn('d.day', '=', db.raw('?', [p.day])))
      .select(
        'u.study_clock_at as clock_at',
        'u.last_study_day',
        'rp.user_id as rp_user_id',
        'rp.percent as rp_percent',
        'rp.completed as rp_completed',
        'rp.duration_sec as rp_duration_sec',
        'd.user_id as d_user_id',
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
  const row = rowsOf(db, await runCompiled(db, reportReadStatement(db, { articleId, openid, now, day })))[0];
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
    lastStudyDay: row.last_study_day === null || row.last_study_day === undefined ? null : String(row.last_study_day),
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
  const m = mergeValuesOf(w);
  await db('reading_progress')
    .insert({
      user_id: w.userId,
      article_id: w.articleId,
      percent: m.percent,
      position_sec: m.positionSec ?? 0,
      duration_sec: m.creditSec,
      completed: m.completed,
      completed_at: m.completedAt,
      last_report_at: m.now,
      created_at: m.now,
    })
    .onConflict(['user_id', 'article_id'])
    .merge(progressMerge(db, m));
}

/** A report's values as the progress rules use them (the completion rule applied once, here). */
type MergeValues = {
  percent: number;
  completed: number;
  completedAt: Date | null;
  creditSec: number;
  now: Date;
  /** null: the report carries no media position, the stored one stays. */
  positionSec: number | null;
};

function mergeValuesOf(w: ProgressWrite): MergeValues {
  const completed = isCompleted(w.percent) ? 1 : 0;
  return {
    percent: w.percent,
    completed,
    completedAt: completed ? w.now : null,
    creditSec: w.creditSec,
    now: w.now,
    positionSec: w.positionSec ?? null,
  };
}

/**
 * How a report changes an existing reading_progress row — THE progress rules, used by the upsert
 * and by the one-statement report alike (`col` qualifies a column for a multi-table UPDATE).
 */
function progressMerge(db: Knex, m: MergeValues, col: (name: string) => string = (name) => name): Record<string, unknown> {
  return {
    [col('percent')]: greatest(db, col('percent'), m.percent),
    [col('completed')]: greatest(db, col('completed'), m.completed),
    [col('completed_at')]: db.raw('COALESCE(??, ?)', [col('completed_at'), m.completedAt]),
    [col('duration_sec')]: db.raw('?? + ?', [col('duration_sec'), m.creditSec]),
    [col('last_report_at')]: m.now,
    [col('position_sec')]: db.raw('COALESCE(?, ??)', [m.positionSec, col('position_sec')]),
  };
}

type OneStatementParams = {
  articleId: number;
  userId: number;
  expectedClock: Date | null;
  nextClock: Date;
  day: string;
} & MergeValues;

// Sentinels no real value can equal: compiling once with them tells where each parameter goes.
const ONE_STATEMENT_SENTINELS: OneStatementParams = {
  articleId: -7_303_001,
  userId: -7_303_002,
  expectedClock: new Date(-7_303_003),
  nextClock: new Date(-7_303_004),
  day: '\u0000sentinel-day\u0000',
  percent: -7_303_005,
  completed: -7_303_006,
  completedAt: new Date(-7_303_007),
  creditSec: -7_303_008,
  now: new Date(-7_303_009),
  positionSec: -7_303_010,
};

/** The one-statement report's text for each shape: with or without a day's seconds, with or without a completion to count. */
type OneStatementReport = (db: Knex, params: OneStatementParams) => { sql: string; bindings: readonly Knex.RawBinding[] };
const oneStatementReports = new Map<string, OneStatementReport>();
function oneStatementReport(withDay: boolean, completesNow: boolean): OneStatementReport {
  const key = `${withDay}:${completesNow}`;
  let statement = oneStatementReports.get(key);
  if (!statement) {
    statement = compiledStatement<OneStatementParams>(
      `one-statement progress report (${key})`,
      (db, p) => {
        const q = db('users as u').join('reading_progress as rp', (j) => j.on('rp.user_id', 'u.id').andOnVal('rp.article_id', p.articleId));
        const set: Record<string, unknown> = { 'u.study_clock_at': p.nextClock, ...progressMerge(db, p, (name) => `rp.${name}`) };
        if (withDay) {
          q.join('learning_daily as d', (j) => j.on('d.user_id', 'u.id').andOnVal('d.day', p.day));
          set['d.seconds'] = db.raw('?? + ?', ['d.seconds', p.creditSec]);
        }
        if (completesNow) {
          // This report turns completion on (the caller knows from the state the compare-and-set
          // vouches for): the CMS's per-article summary counts it in the same statement.
          q.join('article_reading_stats as s', 's.article_id', 'rp.article_id');
          set['s.completed'] = db.raw('?? + 1', ['s.completed']);
        }
        // `<=>` is equality that also matches NULL = NULL (a learner's first report), in MySQL and MariaDB alike.
        q.where('u.id', p.userId).andWhere(db.raw('u.study_clock_at <=> ?', [p.expectedClock]));
        return q.update(set) as unknown as Knex.QueryBuilder;
      },
      // Without a day the statement has no day parameter: its sentinel must not be looked for.
      withDay ? ONE_STATEMENT_SENTINELS : ({ ...ONE_STATEMENT_SENTINELS, day: undefined } as unknown as OneStatementParams),
    );
    oneStatementReports.set(key, statement);
  }
  return statement;
}

/**
 * A whole report in ONE statement (MySQL only: a multi-table UPDATE), for the usual case where
 * the learner's row for the article and their row for the study day already exist: the
 * compare-and-set of the study clock, the progress rules and the day's seconds change together
 * or not at all (one statement is atomic on its own; InnoDB re-reads the locked users row before
 * applying the WHERE, so of two racing reports one matches). `day` is null when the report earns
 * nothing. Its text is fixed per shape, so it is compiled once and runs as a prepared statement.
 * Returns false when nothing matched — the race was lost, or a row is missing — and the caller
 * falls back to the transaction, which tells the two apart.
 */
export async function reportInOneStatement(
  db: Knex,
  w: ProgressWrite & { expectedClock: Date | null; nextClock: Date; day: string | null; completesNow?: boolean },
): Promise<boolean> {
  // SQLite's UPDATE changes one table; it is in-process, so the transaction costs no round trips there.
  if (dbClientOf(db) !== 'mysql') return false;
  const statement = oneStatementReport(w.day !== null, w.completesNow === true)(db, {
    articleId: w.articleId,
    userId: w.userId,
    expectedClock: w.expectedClock,
    nextClock: w.nextClock,
    day: w.day ?? '',
    ...mergeValuesOf(w),
  });
  return changedRowsOf(db, await runCompiled(db, statement)) > 0;
}

/**
 * The per-article summary the CMS reports read (article_reading_stats): a new reader when the
 * learner's row for the article was inserted, a completion when it turned on. Called in the
 * report's transaction after its won compare-and-set, which vouches that the row was as read.
 * A new summary row takes its article's column and published status from the article row itself
 * (INSERT … SELECT: a locking read, so a concurrent move or unpublish is seen as committed);
 * afterwards the content writes keep them (reporting/column-completion.repo.ts).
 */
export async function bumpReadingStats(db: Knex, articleId: number, delta: { readers: number; completed: number }): Promise<void> {
  const insert = `INSERT INTO article_reading_stats (article_id, column_id, published, readers, completed)
    SELECT a.id, a.column_id, CASE WHEN a.status = 'published' THEN 1 ELSE 0 END, ?, ? FROM articles a WHERE a.id = ?`;
  const add = 'readers = article_reading_stats.readers + ?, completed = article_reading_stats.completed + ?';
  await db.raw(
    dbClientOf(db) === 'mysql' ? `${insert} ON DUPLICATE KEY UPDATE ${add}` : `${insert} ON CONFLICT (article_id) DO UPDATE SET ${add}`,
    [delta.readers, delta.completed, articleId, delta.readers, delta.completed],
  );
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
