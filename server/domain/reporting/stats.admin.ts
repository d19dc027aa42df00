import type { Knex } from 'knex';
import type { ServiceContext } from '../../runtime/service-context';
import { toNum } from '../../db/values';
import { dayStartMs, daysEndingAt, studyDayOf } from '../calendar/shanghai-calendar';
import { metricsSince, totalUsers } from './daily-metrics.repo';
import { READING_ORDER } from './progress.admin';

// Calendar days for the dashboard are Asia/Shanghai days (DESIGN.md), the study statistics' days.

/**
 * The dashboard numbers for the last `days` Shanghai days: paid revenue and orders per day,
 * paying users, active learners (anyone with study time), and the most-read articles.
 */
export async function overview(ctx: Pick<ServiceContext, 'db' | 'now'>, days: number) {
  const { db, now } = ctx;
  const dayList = daysEndingAt(studyDayOf(now), days);
  const since = new Date(dayStartMs(dayList[0]));

  // Orders, revenue and refunds per paid day, learners created and learners by their latest study
  // day: counters kept by the write paths (daily_metrics), at most `days` rows.
  const metrics = await metricsSince(db, dayList[0]);
  const byDay = new Map(dayList.map((d) => [d, { day: d, revenueFen: 0, refundFen: 0, orders: 0 }]));
  let active = 0;
  for (const m of metrics) {
    active += m.lastLearners; // each learner counted once: on their latest study day
    const bucket = byDay.get(m.day);
    if (!bucket) continue;
    bucket.orders = m.orders;
    bucket.revenueFen = m.revenueFen;
    bucket.refundFen = m.refundFen;
  }
  const daily = [...byDay.values()];
  // Paying users are distinct over the whole window: a range of the (status, paid_at, user_id, amount_fen) index.
  const payers = await db('orders')
    .whereIn('status', ['paid', 'refunded'])
    .where('paid_at', '>=', since)
    .countDistinct('user_id as n')
    .first();
  const learners = await totalUsers(db);
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
      activeLearners: active,
      totalUsers: learners,
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
