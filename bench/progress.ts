/**
 * `npm run bench:progress`: cost of one progress report on MySQL with ≥ 1M existing
 * reading_progress rows — our `progress.report` (the real cloud function: learner by openid,
 * access check, study clock and current row in one read; compare-and-set, progress rules and the
 * day's seconds in one multi-table UPDATE) side by side with the seed document's
 * upsert, in the same run, on the same data. Prints statements per report (counted from knex
 * 'query' events, BEGIN/COMMIT included) and reports per second, and the ratios.
 *
 * The seed's `prisma.readingProgress.upsert` is reproduced as Prisma runs it on MySQL: Prisma
 * uses a native upsert only on PostgreSQL, SQLite and CockroachDB (release 4.6.0), so on MySQL
 * it is a transaction of SELECT, then UPDATE or INSERT, then a SELECT returning the record —
 * with the seed's semantics (percent overwritten, client duration added, completed recomputed).
 *
 * Env: MYSQL_URL (server; default mysql://root@127.0.0.1:3306), BENCH_USERS (50000),
 * BENCH_ARTICLES (20) — users × articles progress rows — BENCH_REPORTS (2000 per side per round),
 * BENCH_WORKERS (8: the concurrent phase, as many function instances with one connection each).
 * Uses its own database `bench_progress_<random>`, dropped at the end.
 */
import os from 'node:os';
import type { Knex } from 'knex';
import { createDb } from '../server/db/connection';
import { runWhenMain, seedGrantsDigests, withScratchDatabase } from './support';
import { migrateLatest } from '../server/db/migrations';
import { ManualClock } from '../server/ports/clock';
import { memoryLogger } from '../server/runtime/logger';
import { loadConfig } from '../server/platform/config';
import { createLocalDeps } from '../server/emulator/local-deps';
import { loadFunction } from '../server/emulator/functions';
import type { Caller } from '../server/runtime/caller';
import { studyDayOf, addDays } from '../server/domain/calendar/shanghai-calendar';
import { recountDailyMetrics } from '../sql/migrations/20261201_12_003_daily_metrics';
import { recountColumnCompletion } from '../sql/migrations/20261201_12_005_column_completion';

const USERS = Number(process.env.BENCH_USERS ?? 50_000);
const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 20);
const REPORTS = Number(process.env.BENCH_REPORTS ?? 2_000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 8);
const DAILY_DAYS = 10;
const BASE = new Date('2026-06-01T02:00:00.000Z');

const caller = (openid: string): Caller => ({ openid, unionid: null, source: 'wx_client', clientIp: null, adminCredential: null });

async function generate(db: Knex): Promise<{ columnId: number; articleIds: number[] }> {
  const t0 = Date.now();
  // Bulk generation runs set-based on the server: a 1000-row number table, cross-joined.
  await db.raw('SET SESSION foreign_key_checks = 0, unique_checks = 0');
  await db.schema.createTable('bench_seq', (t) => t.integer('n').primary());
  await db.batchInsert(
    'bench_seq',
    Array.from({ length: 1000 }, (_, n) => ({ n })),
    1000,
  );
  const [columnId] = await db('columns').insert({
    title: '基准专栏',
    intro: '',
    status: 'published',
    price_fen: 9900,
    member_included: false,
    created_at: BASE,
    updated_at: BASE,
  });
  const articleIds: number[] = [];
  for (let i = 0; i < ARTICLES; i++) {
    const [id] = await db('articles').insert({
      column_id: columnId,
      title: `文章 ${i}`,
      body_md: '',
      body_html: '',
      preview_html: '',
      status: 'published',
      publish_at: new Date(BASE.getTime() - 86400_000),
      sort: i,
      audio_duration_sec: 600,
      audio_file_id: 'cloud://bench.mp3',
      created_at: BASE,
      updated_at: BASE,
    });
    articleIds.push(Number(id));
  }
  // Every learner's study clock 20 s back, so each benchmarked report earns time (the full path).
  await db.raw(
    `INSERT INTO users (openid, nickname, avatar, created_at, updated_at, study_clock_at)
     SELECT CONCAT('bench-', a.n * 1000 + b.n), '', '', ?, ?, ? FROM bench_seq a CROSS JOIN bench_seq b WHERE a.n * 1000 + b.n < ?`,
    [BASE, BASE, new Date(BASE.getTime() - 20_000), USERS],
  );
  await db.raw(
    `INSERT INTO entitlements (user_id, scope, item_id, source, source_id, starts_at, created_at)
     SELECT id, 'column', ?, 'grant', CONCAT('bench-', id), ?, ? FROM users`,
    [columnId, new Date(BASE.getTime() - 86400_000), BASE],
  );
  // And each learner's grants digest, as the entitlements writers keep it.
  await seedGrantsDigests(db, BASE);
  await db.raw(
    `INSERT INTO reading_progress (user_id, article_id, percent, position_sec, duration_sec, completed, completed_at, last_report_at, created_at)
     SELECT u.id, a.id, MOD(u.id * 7 + a.id * 13, 101), 0, MOD(u.id + a.id, 900), MOD(u.id * 7 + a.id * 13, 101) >= 90,
            NULL, ?, ? FROM users u CROSS JOIN articles a`,
    [new Date(BASE.getTime() - 3600_000), new Date(BASE.getTime() - 86400_000)],
  );
  const today = studyDayOf(BASE);
  await db.raw(
    `INSERT INTO learning_daily (user_id, day, seconds)
     SELECT u.id, d.day, 600 FROM users u CROSS JOIN (${Array.from({ length: DAILY_DAYS }, () => 'SELECT ? AS day').join(' UNION ALL ')}) d`,
    // Today included: each learner's previous report, 20 s ago, earned time today (a reader
    // reports every 15 s, so the first report of a day is one of hundreds).
    Array.from({ length: DAILY_DAYS }, (_, i) => addDays(today, -i)),
  );
  // The per-article summary progress.report maintains, built as the migration backfills it.
  await db.raw(
    `INSERT INTO article_reading_stats (article_id, readers, completed)
     SELECT article_id, COUNT(*), SUM(CASE WHEN completed THEN 1 ELSE 0 END) FROM reading_progress GROUP BY article_id`,
  );
  // With each summary row's column and status, and the column outlines the content writes keep.
  await recountColumnCompletion(db);
  // And the learners' latest study days with the dashboard's counters, as their migration backfills them.
  await recountDailyMetrics(db);
  await db.raw('SET SESSION foreign_key_checks = 1, unique_checks = 1');
  await db.raw('ANALYZE TABLE users, entitlements, reading_progress, learning_daily, articles, article_reading_stats');
  const count = await db('reading_progress').count('* as n').first();
  console.log(
    `generated ${USERS} users, ${ARTICLES} articles, ${Number(count?.n)} progress rows, ${USERS * DAILY_DAYS} daily rows in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  return { columnId: Number(columnId), articleIds };
}

/** The seed document's upsert, as Prisma executes it on MySQL (see the header). */
async function seedUpsert(db: Knex, userId: number, articleId: number, readPercent: number, readDuration: number, now: Date) {
  return db.transaction(async (trx) => {
    const where = { user_id: userId, article_id: articleId };
    const existing = await trx('reading_progress').where(where).first('user_id', 'article_id');
    if (existing) {
      await trx('reading_progress')
        .where(where)
        .update({
          percent: Math.max(readPercent, 0), // "只增不减" — but it overwrites
          duration_sec: trx.raw('?? + ?', ['duration_sec', readDuration]), // client-sent duration
          last_report_at: now,
          completed: readPercent >= 90,
        });
    } else {
      await trx('reading_progress').insert({
        ...where,
        percent: readPercent,
        duration_sec: readDuration,
        completed: readPercent >= 90,
        last_report_at: now,
        created_at: now,
      });
    }
    return trx('reading_progress').where(where).first();
  });
}

interface Side {
  reports: number;
  statements: number;
  ms: number;
  min: number;
  max: number;
}

async function measure(db: Knex, run: (i: number) => Promise<void>, from: number, count: number, side: Side): Promise<void> {
  let n = 0;
  const onQuery = () => (n += 1);
  db.on('query', onQuery);
  const t0 = process.hrtime.bigint();
  for (let i = from; i < from + count; i++) {
    const before = n;
    await run(i);
    const used = n - before;
    side.min = Math.min(side.min, used);
    side.max = Math.max(side.max, used);
  }
  side.ms += Number(process.hrtime.bigint() - t0) / 1e6;
  db.off('query', onQuery);
  side.statements += n;
  side.reports += count;
}

/** `workers` callers at once, each on its own connection, as that many function instances would be. */
async function measureConcurrent(
  db: Knex,
  run: (i: number) => Promise<void>,
  from: number,
  count: number,
  workers: number,
  side: Side,
): Promise<void> {
  let n = 0;
  const onQuery = () => (n += 1);
  db.on('query', onQuery);
  let next = from;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < from + count) await run(next++);
    }),
  );
  side.ms += Number(process.hrtime.bigint() - t0) / 1e6;
  db.off('query', onQuery);
  side.statements += n;
  side.reports += count;
  side.min = Math.min(side.min, Math.floor(n / count));
  side.max = Math.max(side.max, Math.ceil(n / count));
}

async function explain(db: Knex, label: string, q: Knex.QueryBuilder): Promise<void> {
  const { sql, bindings } = q.toSQL();
  const [rows] = await db.raw(`EXPLAIN ${sql}`, bindings);
  const t0 = process.hrtime.bigint();
  await q.clone();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const keys = (rows as Array<{ table: string; key: string | null; type: string }>).map((r) => `${r.table}:${r.key ?? r.type}`).join(', ');
  console.log(`  ${label.padEnd(34)} ${ms.toFixed(1).padStart(8)} ms   keys: ${keys}`);
}

export async function benchProgress(): Promise<void> {
  let summary: Record<string, unknown> = {};
  await withScratchDatabase('bench_progress', async ({ url }) => {
    // One connection, as a cloud function instance has.
    const db = createDb({ mysqlUrl: url, poolMax: 1 });
    try {
      await migrateLatest(db);
      const { columnId, articleIds } = await generate(db);
      const users: Array<{ id: number; openid: string }> = await db('users')
        .select('id', 'openid')
        .orderBy('id')
        .limit(6 * REPORTS + 200);
      const userIds = users.map((u) => Number(u.id));

      const clock = new ManualClock(BASE);
      const deps = createLocalDeps({ db, clock, log: memoryLogger(), config: loadConfig({ PORT: '0', DATA_DIR: '/nonexistent-bench' }) });
      const progressFn = loadFunction('progress');
      const failures = new Map<string, number>();

      // Distinct learners for ours (each report is a learner's next report, 20 s after their last).
      const ours = async (i: number) => {
        clock.set(new Date(BASE.getTime() + i)); // 1 ms apart: each user's clock is ~20 s behind
        const res = await progressFn.invoke(
          { $url: 'report', articleId: articleIds[i % ARTICLES], percent: 50 + (i % 50), positionSec: i % 600 },
          { deps, caller: caller(users[i].openid) },
        );
        if (!res.ok) failures.set(res.error.code, (failures.get(res.error.code) ?? 0) + 1);
      };
      const seed = async (i: number) => {
        await seedUpsert(db, userIds[i], articleIds[i % ARTICLES], 50 + (i % 50), 15, new Date(BASE.getTime() + i));
      };

      const o: Side = { reports: 0, statements: 0, ms: 0, min: Infinity, max: 0 };
      const s: Side = { reports: 0, statements: 0, ms: 0, min: Infinity, max: 0 };
      const warm: Side = { reports: 0, statements: 0, ms: 0, min: Infinity, max: 0 };
      await measure(db, ours, 0, 100, warm);
      await measure(db, seed, 100, 100, warm);
      // Alternating rounds so neither side gets a warmer buffer pool.
      for (let round = 0; round < 2; round++) {
        const base = 200 + round * 2 * REPORTS;
        await measure(db, seed, base, REPORTS, s);
        await measure(db, ours, base + REPORTS, REPORTS, o);
      }
      // Concurrent phase: other learners (their clocks untouched), now 50 s after their last report.
      const pool = createDb({ mysqlUrl: url, poolMax: WORKERS });
      const poolDeps = { ...deps, db: pool };
      const oc: Side = { reports: 0, statements: 0, ms: 0, min: Infinity, max: 0 };
      const sc: Side = { reports: 0, statements: 0, ms: 0, min: Infinity, max: 0 };
      try {
        clock.set(new Date(BASE.getTime() + 30_000));
        const base = 200 + 4 * REPORTS;
        await measureConcurrent(
          pool,
          (i) => seedUpsert(pool, userIds[i], articleIds[i % ARTICLES], 50, 15, clock.now()).then(() => undefined),
          base,
          REPORTS,
          WORKERS,
          sc,
        );
        await measureConcurrent(
          pool,
          async (i) => {
            const res = await progressFn.invoke(
              { $url: 'report', articleId: articleIds[i % ARTICLES], percent: 50 },
              { deps: poolDeps, caller: caller(users[i].openid) },
            );
            if (!res.ok) failures.set(res.error.code, (failures.get(res.error.code) ?? 0) + 1);
          },
          base + REPORTS,
          REPORTS,
          WORKERS,
          oc,
        );
      } finally {
        await pool.destroy();
      }
      if (failures.size) throw new Error(`benchmark reports failed: ${JSON.stringify(Object.fromEntries(failures))}`);

      const row = (label: string, x: Side) =>
        `${label.padEnd(40)} ${(x.statements / x.reports).toFixed(2).padStart(10)} ${`${x.min}–${x.max}`.padStart(8)} ${((x.reports * 1000) / x.ms).toFixed(0).padStart(12)} ${(x.ms / x.reports).toFixed(2).padStart(10)}`;
      console.log(
        `\n学习进度上报 / progress report — MySQL, ${Number((await db('reading_progress').count('* as n').first())?.n)} progress rows, ${o.reports} reports per side sequentially on one connection, then ${oc.reports} with ${WORKERS} connections at once\n`,
      );
      console.log(
        `${'side'.padEnd(40)} ${'stmts/rep'.padStart(10)} ${'min–max'.padStart(8)} ${'reports/s'.padStart(12)} ${'ms/rep'.padStart(10)}`,
      );
      console.log(row('seed upsert (Prisma on MySQL)', s));
      console.log(row('ours: progress.report (full function)', o));
      console.log(row(`seed upsert, ${WORKERS} connections at once`, sc));
      console.log(row(`ours, ${WORKERS} connections at once`, oc));
      console.log(
        `\nratio ours/seed: statements ×${(o.statements / o.reports / (s.statements / s.reports)).toFixed(2)}, ` +
          `throughput ×${(o.reports / o.ms / (s.reports / s.ms)).toFixed(2)} (one connection), ` +
          `×${(oc.reports / oc.ms / (sc.reports / sc.ms)).toFixed(2)} (${WORKERS} connections)`,
      );
      summary = {
        bench: 'progress',
        statementsPerReport: Number((o.statements / o.reports).toFixed(2)),
        seedStatementsPerReport: Number((s.statements / s.reports).toFixed(2)),
        throughputRatio1: Number((o.reports / o.ms / (s.reports / s.ms)).toFixed(2)),
        throughputRatio8: Number((oc.reports / oc.ms / (sc.reports / sc.ms)).toFixed(2)),
        reportsPerSec1: Math.round((o.reports * 1000) / o.ms),
        reportsPerSec8: Math.round((oc.reports * 1000) / oc.ms),
        load1: Number(os.loadavg()[0].toFixed(2)),
      };
      console.log(
        'ours also does what the seed does not: resolves the learner, checks access (article + entitlements),\n' +
          'reads and compare-and-sets the study clock, and upserts learning_daily. Both are constant per report.',
      );

      console.log('\nadmin queries at this size (EXPLAIN keys):');
      await explain(
        db,
        'column funnel (per-article summary)',
        db('articles as a')
          .leftJoin('article_reading_stats as s', 's.article_id', 'a.id')
          .where('a.column_id', columnId)
          .select('a.id', 's.readers', 's.completed'),
      );
      await explain(
        db,
        'per-user progress list (page of 20)',
        db('reading_progress as rp')
          .join('articles as a', 'a.id', 'rp.article_id')
          .select('rp.article_id', 'rp.percent', 'rp.last_report_at')
          .where('rp.user_id', userIds[5])
          .orderBy([
            { column: 'rp.last_report_at', order: 'desc' },
            { column: 'rp.article_id', order: 'desc' },
          ])
          .limit(21),
      );
    } finally {
      await db.destroy();
    }
  });
  // The headline figures, last, for scripts (throughput ratios ours ÷ seed: above 1 = faster).
  console.log(JSON.stringify(summary));
}

runWhenMain(module, benchProgress);
