import type { Knex } from 'knex';
import type { ServiceContext } from '../../runtime/service-context';
import { toNum } from '../../db/values';
import { dayStartMs, daysEndingAt, studyDayOf } from '../calendar/shanghai-calendar';
import { metricsSince, totalUsers } from './daily-metrics.repo';
import { completionByColumn } from './column-completion.repo';

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
  let payers = 0;
  for (const m of metrics) {
    active += m.lastLearners; // each learner counted once: on their latest study day
    payers += m.lastPayers; // … and on their latest paid day
    const bucket = byDay.get(m.day);
    if (!bucket) continue;
    bucket.orders = m.orders;
    bucket.revenueFen = m.revenueFen;
    bucket.refundFen = m.refundFen;
  }
  const daily = [...byDay.values()];
  const learners = await totalUsers(db);
  const top = await topArticlesSince(db, since, TOP_ARTICLES);

  return {
    days,
    completionByColumn: await completionByColumn(db),
    totals: {
      revenueFen: daily.reduce((s, d) => s + d.revenueFen, 0),
      refundFen: daily.reduce((s, d) => s + d.refundFen, 0),
      orders: daily.reduce((s, d) => s + d.orders, 0),
      payingUsers: payers,
      activeLearners: active,
      totalUsers: learners,
    },
    daily,
    topArticles: top,
  };
}

const TOP_ARTICLES = 10;

export interface TopArticle {
  articleId: number;
  title: string;
  readers: number;
  completed: number;
}

/**
 * The `k` articles with the most readers whose latest report falls in the window (ties: lower id
 * first), exactly — without grouping every progress row of the window. An article's readers in
 * any window are at most its readers ever (article_reading_stats, kept by progress.report), so
 * articles are taken in order of that bound, a batch at a time, each batch counted over the
 * reading_progress (article_id, last_report_at, completed) index — a range per article — and the
 * search stops once the k-th count is above every bound left. Popular articles are few, so it
 * usually stops after the first batch; batches grow, so even evenly read articles take a handful
 * of statements (issue 12: 67 → a few ms at 1M progress rows).
 */
export async function topArticlesSince(db: Knex, since: Date, k: number): Promise<TopArticle[]> {
  let best: Array<{ articleId: number; readers: number; completed: number }> = [];
  let offset = 0;
  for (let batch = 4 * k; ; batch *= 4) {
    const candidates: Array<{ article_id: unknown; readers: unknown }> = await db('article_reading_stats')
      .where('readers', '>', 0)
      // Both descending: a backward range of the (readers, article_id) index, no sort. Which of
      // equal bounds comes first does not matter; a fixed order keeps the batches disjoint.
      .orderBy([
        { column: 'readers', order: 'desc' },
        { column: 'article_id', order: 'desc' },
      ])
      .offset(offset)
      .limit(batch)
      .select('article_id', 'readers');
    if (!candidates.length) break;
    offset += candidates.length;
    const counted: Array<Record<string, unknown>> = await db('reading_progress')
      .whereIn(
        'article_id',
        candidates.map((c) => Number(c.article_id)),
      )
      .where('last_report_at', '>=', since)
      .groupBy('article_id')
      .select('article_id')
      .count('* as readers')
      .sum({ completed: db.raw('CASE WHEN completed THEN 1 ELSE 0 END') });
    // A report landing between two batches can move an article across the offset, so it may come
    // back in a later batch: its latest count replaces the earlier one (never listed twice).
    const fresh = counted.map((r) => ({ articleId: Number(r.article_id), readers: toNum(r.readers), completed: toNum(r.completed) }));
    const seen = new Set(fresh.map((f) => f.articleId));
    best = [...best.filter((b) => !seen.has(b.articleId)), ...fresh]
      .sort((x, y) => y.readers - x.readers || x.articleId - y.articleId)
      .slice(0, k);
    // Every article not yet counted has at most this many readers ever.
    const bound = toNum(candidates.at(-1)!.readers);
    if (candidates.length < batch || (best.length === k && best[k - 1].readers > bound)) break;
  }
  if (!best.length) return [];
  const titles = new Map(
    (
      await db('articles')
        .whereIn(
          'id',
          best.map((b) => b.articleId),
        )
        .select('id', 'title')
    ).map((r: Record<string, unknown>) => [Number(r.id), String(r.title)]),
  );
  return best.filter((b) => titles.has(b.articleId)).map((b) => ({ ...b, title: titles.get(b.articleId)! }));
}
