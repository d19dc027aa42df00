import type { Knex } from 'knex';
import type { ServiceContext } from '../../runtime/service-context';
import { toDate, toNum } from '../../db/values';
import { dayStartMs, daysEndingAt, studyDayOf } from '../calendar/shanghai-calendar';
import { columnFunnel } from './progress.admin';

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
  const paid = await db('orders')
    .whereIn('status', ['paid', 'refunded'])
    .where('paid_at', '>=', since)
    .select('paid_at', 'amount_fen', 'user_id', 'status');
  const byDay = new Map(dayList.map((d) => [d, { day: d, revenueFen: 0, refundFen: 0, orders: 0 }]));
  const payers = new Set<number>();
  for (const o of paid) {
    const bucket = byDay.get(studyDayOf(toDate(o.paid_at)!));
    if (!bucket) continue;
    bucket.orders += 1;
    bucket.revenueFen += toNum(o.amount_fen);
    if (o.status === 'refunded') bucket.refundFen += toNum(o.amount_fen);
    payers.add(Number(o.user_id));
  }
  const daily = [...byDay.values()];

  const active = await db('learning_daily').where('day', '>=', dayList[0]).countDistinct('user_id as n').first();
  const learners = await db('users').count('* as n').first();
  const top = await db('reading_progress as p')
    .join('articles as a', 'a.id', 'p.article_id')
    .where('p.last_report_at', '>=', since)
    .groupBy('p.article_id', 'a.title')
    .select('p.article_id', 'a.title')
    .count('* as readers')
    .sum({ completed: db.raw('CASE WHEN p.completed THEN 1 ELSE 0 END') })
    .orderBy([{ column: 'readers', order: 'desc' }, { column: 'p.article_id' }])
    .limit(10);

  return {
    days,
    completionByColumn: await completionByColumn(db),
    totals: {
      revenueFen: daily.reduce((s, d) => s + d.revenueFen, 0),
      refundFen: daily.reduce((s, d) => s + d.refundFen, 0),
      orders: daily.reduce((s, d) => s + d.orders, 0),
      payingUsers: payers.size,
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
 * Completion per published column, from the progress domain's per-article funnel: how many
 * learners started (read the first article), how many read the last one, and the share of
 * article reads that were read to the end.
 */
export async function completionByColumn(db: Knex) {
  const columns = await db('columns')
    .where('status', 'published')
    .orderBy([{ column: 'sort' }, { column: 'id' }])
    .select('id', 'title');
  const out = [];
  for (const c of columns) {
    const steps = (await columnFunnel(db, Number(c.id))).filter((s) => s.status === 'published');
    const reads = steps.reduce((sum, s) => sum + s.readers, 0);
    const completed = steps.reduce((sum, s) => sum + s.completed, 0);
    out.push({
      columnId: Number(c.id),
      title: String(c.title),
      articles: steps.length,
      learners: steps[0]?.readers ?? 0,
      finishers: steps.at(-1)?.completed ?? 0,
      reads,
      completed,
      rate: reads ? completed / reads : 0,
    });
  }
  return out;
}
