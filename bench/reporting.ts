/**
 * `npm run bench:reporting`: the CMS reports at scale — the dashboard (`stats.overview`) and the
 * column funnel (`stats.column`) on MySQL with 1M reading_progress rows and 100k orders, ours
 * side by side with the previous implementation (kept below: revenue summed in JavaScript over
 * every paid order of the window, the funnel grouping the column's progress rows, completion per
 * column as one funnel per column).
 *
 * Data (one INSERT … SELECT per table over a number table): 100k users, 200 columns × 50
 * articles, 1M progress rows (last report spread over a year, one column holding 20 % of them:
 * the funnel's worst case), 100k orders paid over a year (3 % refunded), 500k study days.
 * Each query runs warm, REPEAT times; the median is reported. Env: MYSQL_URL, BENCH_REPEAT (21).
 * The last line is a JSON summary.
 */
import os from 'node:os';
import type { Knex } from 'knex';
import { createDb } from '../server/db/connection';
import { migrateLatest } from '../server/db/migrations';
import { runWhenMain, withScratchDatabase } from './support';
import { overview } from '../server/domain/reporting/stats.admin';
import { columnFunnel } from '../server/domain/reporting/progress.admin';
import { dayStartMs, daysEndingAt, studyDayOf } from '../server/domain/calendar/shanghai-calendar';
import { toDate, toNum } from '../server/db/values';
import { recountDailyMetrics } from '../sql/migrations/20261201_12_003_daily_metrics';
import { recountColumnCompletion } from '../sql/migrations/20261201_12_005_column_completion';

const USERS = 100_000;
const COLUMNS = 200;
const PER_COLUMN = 50;
const ARTICLES = COLUMNS * PER_COLUMN;
const PROGRESS = Number(process.env.BENCH_PROGRESS ?? 1_000_000);
const ORDERS = Number(process.env.BENCH_ORDERS ?? 100_000);
const DAILY = 500_000;
const REPEAT = Number(process.env.BENCH_REPEAT ?? 21);
const NOW = new Date('2026-06-01T02:00:00.000Z');
const YEAR_SEC = 365 * 86400;

async function seed(db: Knex): Promise<void> {
  await db.raw('SET SESSION foreign_key_checks = 0, unique_checks = 0');
  await db.raw('CREATE TABLE bench_digits (d INT NOT NULL PRIMARY KEY)');
  await db.raw('INSERT INTO bench_digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)');
  await db.raw('CREATE TABLE bench_seq (n INT NOT NULL PRIMARY KEY)');
  await db.raw(
    `INSERT INTO bench_seq (n) SELECT ${Array.from({ length: 6 }, (_, i) => `d${i}.d * ${10 ** i}`).join(' + ')}
     FROM ${Array.from({ length: 6 }, (_, i) => `bench_digits d${i}`).join(', ')}`,
  );
  const past = new Date(NOW.getTime() - YEAR_SEC * 1000);
  await db.raw(
    `INSERT INTO users (id, openid, nickname, avatar, created_at, updated_at) SELECT n + 1, CONCAT('r-', n), '', '', ?, ? FROM bench_seq WHERE n < ?`,
    [past, past, USERS],
  );
  await db.raw(
    `INSERT INTO columns (id, title, subtitle, intro, cover, price_fen, member_included, status, sort, created_at, updated_at)
     SELECT n + 1, CONCAT('专栏 ', n), '', '', '', 9900, 0, 'published', n, ?, ? FROM bench_seq WHERE n < ?`,
    [past, past, COLUMNS],
  );
  await db.raw(
    `INSERT INTO articles (id, column_id, title, summary, body_md, body_html, preview_html, preview_ratio, is_free, status, publish_at, sort, created_at, updated_at)
     SELECT n + 1, FLOOR(n / ?) + 1, CONCAT('文章 ', n), '', '', '', '', 30, 0, 'published', ?, n % ?, ?, ? FROM bench_seq WHERE n < ?`,
    [PER_COLUMN, past, PER_COLUMN, past, past, ARTICLES],
  );
  // 20 % of the rows on column 1 (articles 1–50), the rest spread; (user, article) unique.
  await db.raw(
    `INSERT INTO reading_progress (user_id, article_id, percent, position_sec, duration_sec, completed, completed_at, last_report_at, created_at)
     SELECT n % ? + 1, IF(n % 5 = 0, FLOOR(n / ?) % ? + 1, ? + (FLOOR(n / ?) * 7 + n) % ? + 1), n % 101, 0, n % 900, n % 101 >= 90, NULL,
            ? - INTERVAL (n * 7919) % ? SECOND, ?
     FROM bench_seq WHERE n < ?`,
    [USERS, USERS, PER_COLUMN, PER_COLUMN, USERS, ARTICLES - PER_COLUMN, NOW, YEAR_SEC, past, PROGRESS],
  );
  await db.raw(
    `INSERT INTO orders (order_no, user_id, item_type, item_id, title, amount_fen, status, provider, created_at, expires_at, paid_at, updated_at)
     SELECT CONCAT('B', n), (n * 31) % ? + 1, 'column', n % ? + 1, 't', 990 + n % 9000, IF(n % 33 = 0, 'refunded', 'paid'), 'sandbox',
            ? - INTERVAL (n * 104729) % ? SECOND, ?, ? - INTERVAL (n * 104729) % ? SECOND, ?
     FROM bench_seq WHERE n < ?`,
    [USERS, COLUMNS, NOW, YEAR_SEC, NOW, NOW, YEAR_SEC, NOW, ORDERS],
  );
  // Study days: 500k (user, day) pairs over the year.
  await db.raw(
    `INSERT IGNORE INTO learning_daily (user_id, day, seconds)
     SELECT n % ? + 1, DATE_FORMAT(? - INTERVAL (n * 13) % 365 DAY, '%Y-%m-%d'), 60 + n % 600 FROM bench_seq WHERE n < ?`,
    [USERS, NOW, DAILY],
  );
  // The summary progress.report maintains, built as the migration backfills it.
  await db.raw('DELETE FROM article_reading_stats');
  await db.raw(
    `INSERT INTO article_reading_stats (article_id, readers, completed)
     SELECT article_id, COUNT(*), SUM(CASE WHEN completed THEN 1 ELSE 0 END) FROM reading_progress GROUP BY article_id`,
  );
  // With each summary row's column and status, and the column outlines the content writes keep.
  await recountColumnCompletion(db);
  await db.raw('SET SESSION foreign_key_checks = 1, unique_checks = 1');
  // The dashboard's per-day counters the write paths keep, built as their migration backfills them.
  await recountDailyMetrics(db);
  await db.raw(
    'ANALYZE TABLE users, columns, articles, reading_progress, orders, learning_daily, article_reading_stats, column_outlines, daily_metrics',
  );
}

/** The previous column funnel: group the column's progress rows per article. */
async function funnelBefore(db: Knex, columnId: number) {
  const counts = db('reading_progress as rp')
    .join('articles as fa', 'fa.id', 'rp.article_id')
    .where('fa.column_id', columnId)
    .groupBy('rp.article_id')
    .select('rp.article_id', db.raw('COUNT(*) as readers'), db.raw('SUM(CASE WHEN rp.completed THEN 1 ELSE 0 END) as done'))
    .as('p');
  return db('articles as a')
    .leftJoin('chapters as ch', 'ch.id', 'a.chapter_id')
    .leftJoin(counts, 'p.article_id', 'a.id')
    .select('a.id', 'a.title', 'a.chapter_id', 'a.status', 'p.readers', 'p.done')
    .where('a.column_id', columnId)
    .orderByRaw('CASE WHEN ch.id IS NULL THEN 1 ELSE 0 END, ch.sort, ch.id, a.sort, a.id');
}

/** The previous dashboard: every paid order of the window into JavaScript, one funnel per column. */
async function overviewBefore(db: Knex, days: number) {
  const dayList = daysEndingAt(studyDayOf(NOW), days);
  const since = new Date(dayStartMs(dayList[0]));
  const paid = await db('orders')
    .whereIn('status', ['paid', 'refunded'])
    .where('paid_at', '>=', since)
    .select('paid_at', 'amount_fen', 'user_id', 'status');
  const byDay = new Map(dayList.map((d) => [d, { revenueFen: 0, orders: 0 }]));
  const payers = new Set<number>();
  for (const o of paid) {
    const bucket = byDay.get(studyDayOf(toDate(o.paid_at)!));
    if (!bucket) continue;
    bucket.orders += 1;
    bucket.revenueFen += toNum(o.amount_fen);
    payers.add(Number(o.user_id));
  }
  await db('learning_daily').where('day', '>=', dayList[0]).countDistinct('user_id as n').first();
  await db('users').count('* as n').first();
  await db('reading_progress as p')
    .join('articles as a', 'a.id', 'p.article_id')
    .where('p.last_report_at', '>=', since)
    .groupBy('p.article_id', 'a.title')
    .select('p.article_id', 'a.title')
    .count('* as readers')
    .orderBy([{ column: 'readers', order: 'desc' }, { column: 'p.article_id' }])
    .limit(10);
  const columns = await db('columns').where('status', 'published').select('id');
  for (const c of columns) await funnelBefore(db, Number(c.id));
}

async function median(work: () => Promise<unknown>, repeat = REPEAT): Promise<number> {
  await work();
  const ms: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = process.hrtime.bigint();
    await work();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return ms[Math.floor(ms.length / 2)];
}

/** Each statement of one overview call, timed from knex's query events (medians over REPEAT calls). */
async function overviewParts(db: Knex, work: () => Promise<unknown>): Promise<Array<[string, number]>> {
  const times = new Map<string, number[]>();
  const started = new Map<string, bigint>();
  const onQuery = (q: { __knexQueryUid: string }) => started.set(q.__knexQueryUid, process.hrtime.bigint());
  const onResponse = (_: unknown, q: { __knexQueryUid: string; sql: string }) => {
    const key = q.sql.replace(/\s+/g, ' ').slice(0, 72);
    const list = times.get(key) ?? [];
    list.push(Number(process.hrtime.bigint() - started.get(q.__knexQueryUid)!) / 1e6);
    times.set(key, list);
  };
  db.on('query', onQuery).on('query-response', onResponse);
  for (let i = 0; i < REPEAT; i++) await work();
  db.off('query', onQuery).off('query-response', onResponse);
  return [...times].map(([sql, ms]) => [sql, ms.sort((a, b) => a - b)[Math.floor(ms.length / 2)]]);
}

export async function benchReporting(): Promise<void> {
  let summary: Record<string, unknown> = {};
  await withScratchDatabase('bench_reporting', async ({ url }) => {
    const db = createDb({ mysqlUrl: url, poolMax: 1 });
    try {
      await migrateLatest(db);
      const t0 = Date.now();
      await seed(db);
      const c = (
        await db.raw(`SELECT (SELECT COUNT(*) FROM reading_progress) p, (SELECT COUNT(*) FROM orders) o,
                                      (SELECT COUNT(*) FROM learning_daily) d`)
      )[0][0];
      console.log(
        `\n报表 / CMS reports — MySQL, ${Number(c.p).toLocaleString()} progress rows, ${Number(c.o).toLocaleString()} orders, ` +
          `${Number(c.d).toLocaleString()} study days, ${ARTICLES.toLocaleString()} articles in ${COLUMNS} columns (seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s)\n`,
      );
      const ctx = { db, now: NOW };
      const rows: Array<[string, number, number]> = [];
      const funnelOurs = await median(() => columnFunnel(db, 1));
      const funnelOld = await median(() => funnelBefore(db, 1), 5);
      rows.push(['column funnel (largest column, 200k rows)', funnelOld, funnelOurs]);
      const o30 = await median(() => overview(ctx, 30));
      const o30Old = await median(() => overviewBefore(db, 30), 3);
      rows.push(['dashboard stats.overview (30 days)', o30Old, o30]);
      const o90 = await median(() => overview(ctx, 90));
      const o90Old = await median(() => overviewBefore(db, 90), 3);
      rows.push(['dashboard stats.overview (90 days)', o90Old, o90]);
      console.log(`${'query'.padEnd(44)} ${'before ms'.padStart(10)} ${'ours ms'.padStart(10)} ${'ratio'.padStart(8)}`);
      for (const [label, before, ours] of rows) {
        console.log(
          `${label.padEnd(44)} ${before.toFixed(1).padStart(10)} ${ours.toFixed(1).padStart(10)} ${`${(before / ours).toFixed(1)}×`.padStart(8)}`,
        );
      }
      console.log('(goal: ≤ 20 ms each; medians of warm runs)');
      const parts = await overviewParts(db, () => overview(ctx, 30));
      console.log('\nstats.overview (30 days), per statement (median ms):');
      for (const [sql, ms] of parts) console.log(`  ${ms.toFixed(1).padStart(6)}  ${sql}`);
      summary = {
        bench: 'reporting',
        funnelMs: Number(funnelOurs.toFixed(2)),
        overview30Ms: Number(o30.toFixed(2)),
        overview90Ms: Number(o90.toFixed(2)),
        overview30PartsMs: Object.fromEntries(parts.map(([sql, ms]) => [sql.split(' ').slice(0, 6).join(' '), Number(ms.toFixed(1))])),
        funnelBeforeMs: Number(funnelOld.toFixed(1)),
        overview30BeforeMs: Number(o30Old.toFixed(1)),
        progressRows: Number(c.p),
        orders: Number(c.o),
        load1: Number(os.loadavg()[0].toFixed(2)),
      };
    } finally {
      await db.destroy();
    }
  });
  console.log(JSON.stringify(summary));
}

runWhenMain(module, benchReporting);
