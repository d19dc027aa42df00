import type { Knex } from 'knex';
import type { ServiceContext } from '../../runtime/service-context';
import { toNum } from '../../db/values';
import { SHANGHAI_OFFSET_MS, dayStartMs, daysEndingAt, studyDayOf } from '../calendar/shanghai-calendar';
import { READING_ORDER } from './progress.admin';
import { dbClientOf } from '../../db/dialect';

// Calendar days for the dashboard are Asia/Shanghai days (DESIGN.md), the study statistics' days.

/**
 * The dashboard numbers for the last `days` Shanghai days: paid revenue and orders per day,
 * paying users, active learners (anyone with study time), and the most-read articles.
 */
export async function overview(ctx: Pick<ServiceContext, 'db' | 'now'>, days: number) {
  const { db, now } = ctx;
  const dayList = daysEndingAt(studyDayOf(now), days);
  const since = new Date(dayStartMs(dayList[0]));

  // Paid and later-refunded orders both count for the day they were paid; refunds are shown apart.
  // Summed by the database over a range of the (status, paid_at, user_id, amount_fen) index.
  const window = () => db('orders').whereIn('status', ['paid', 'refunded']).where('paid_at', '>=', since);
  const perDay: Array<Record<string, unknown>> = await window()
    .select(db.raw(`${shanghaiDaySql(db, 'paid_at')} as day`))
    .count('* as orders')
    .sum({ revenue: 'amount_fen' })
    .sum({ refund: db.raw("CASE WHEN status = 'refunded' THEN amount_fen ELSE 0 END") })
    .groupBy('day');
  const payers = await window().countDistinct('user_id as n').first();
  const byDay = new Map(dayList.map((d) => [d, { day: d, revenueFen: 0, refundFen: 0, orders: 0 }]));
  for (const r of perDay) {
    const bucket = byDay.get(String(r.day));
    if (!bucket) continue;
    bucket.orders = toNum(r.orders);
    bucket.revenueFen = toNum(r.revenue);
    bucket.refundFen = toNum(r.refund);
  }
  const daily = [...byDay.values()];

  const active = await db('learning_daily').where('day', '>=', dayList[0]).countDistinct('user_id as n').first();
  const learners = await db('users').count('* as n').first();
  // Grouped over the (last_report_at, article_id, completed) index alone, titles joined for the
  // ten winners only: joining articles before grouping costs a lookup per progress row.
  const ranked = db('reading_progress as p')
    .where('p.last_report_at', '>=', since)
    .groupBy('p.article_id')
    .select('p.article_id')
    .count('* as readers')
    .sum({ completed: db.raw('CASE WHEN p.completed THEN 1 ELSE 0 END') })
    .orderBy([{ column: 'readers', order: 'desc' }, { column: 'p.article_id' }])
    .limit(10)
    .as('t');
  const top = await db
    .from(ranked)
    .join('articles as a', 'a.id', 't.article_id')
    .select('t.article_id', 'a.title', 't.readers', 't.completed')
    .orderBy([{ column: 't.readers', order: 'desc' }, { column: 't.article_id' }]);

  return {
    days,
    completionByColumn: await completionByColumn(db),
    totals: {
      revenueFen: daily.reduce((s, d) => s + d.revenueFen, 0),
      refundFen: daily.reduce((s, d) => s + d.refundFen, 0),
      orders: daily.reduce((s, d) => s + d.orders, 0),
      payingUsers: toNum(payers?.n),
      activeLearners: toNum(active?.n),
      totalUsers: toNum(learners?.n),
    },
    daily,
    topArticles: top.map((r: Record<string, any>) => ({
      articleId: Number(r.article_id),
      title: r.title,
      readers: toNum(r.readers),
      completed: toNum(r.completed),
    })),
  };
}

/**
 * The Shanghai calendar day ('YYYY-MM-DD') of a stored instant, in SQL. China keeps no daylight
 * saving, so the day is the UTC instant shifted by SHANGHAI_OFFSET_MS, as studyDayOf computes it.
 * MySQL stores DATETIME in UTC (our storage rule); SQLite stores epoch milliseconds.
 */
function shanghaiDaySql(db: Knex, column: string): string {
  const hours = SHANGHAI_OFFSET_MS / 3600_000;
  return dbClientOf(db) === 'mysql'
    ? `DATE_FORMAT(${column} + INTERVAL ${hours} HOUR, '%Y-%m-%d')`
    : `strftime('%Y-%m-%d', (${column} + ${SHANGHAI_OFFSET_MS}) / 1000, 'unixepoch')`;
}

/**
 * Completion per published column, from the per-article summary (article_reading_stats, the
 * numbers of the column funnel) in one statement: how many learners started (read the first
 * published article in reading order), how many read the last one, and the share of article
 * reads that were read to the end.
 */
export async function completionByColumn(db: Knex) {
  const rows: Array<Record<string, unknown>> = await db('columns as c')
    .leftJoin('articles as a', (j) => j.on('a.column_id', '=', 'c.id').andOnVal('a.status', 'published'))
    .leftJoin('chapters as ch', 'ch.id', 'a.chapter_id')
    .leftJoin('article_reading_stats as s', 's.article_id', 'a.id')
    .where('c.status', 'published')
    .select('c.id as column_id', 'c.title', 'a.id as article_id', 's.readers', 's.completed')
    .orderBy([{ column: 'c.sort' }, { column: 'c.id' }])
    .orderByRaw(READING_ORDER);
  const out = new Map<
    number,
    {
      columnId: number;
      title: string;
      articles: number;
      learners: number;
      finishers: number;
      reads: number;
      completed: number;
      rate: number;
    }
  >();
  for (const r of rows) {
    const id = Number(r.column_id);
    let c = out.get(id);
    if (!c)
      out.set(id, (c = { columnId: id, title: String(r.title), articles: 0, learners: 0, finishers: 0, reads: 0, completed: 0, rate: 0 }));
    if (r.article_id === null || r.article_id === undefined) continue;
    const readers = toNum(r.readers);
    const completed = toNum(r.completed);
    if (c.articles === 0) c.learners = readers;
    c.finishers = completed;
    c.articles += 1;
    c.reads += readers;
    c.completed += completed;
  }
  return [...out.values()].map((c) => ({
    columnId: c.columnId,
    title: c.title,
    articles: c.articles,
    learners: c.learners,
    finishers: c.finishers,
    reads: c.reads,
    completed: c.completed,
    rate: c.reads ? c.completed / c.reads : 0,
  }));
}
