import type { Knex } from 'knex';
import { toBool, toDate, toNum } from '../../db/values';
import { decodeCursor, encodeCursor } from '../../runtime/cursor';
import { notFound } from '../../runtime/errors';
import type { ServiceContext } from '../../runtime/service-context';

/**
 * Read-only progress reports for the admin CMS (creators and institutions). No access checks
 * here: the admin function's role check guards them. Each query is served by an index:
 * the funnel by reading_progress (article_id, completed), the per-user list by
 * (user_id, last_report_at).
 */

export interface FunnelStep {
  articleId: number;
  title: string;
  chapterId: number | null;
  status: string;
  /** Learners with any recorded progress on the article. */
  readers: number;
  completed: number;
}

/** Per-article readers and completions of one column, in reading order (drafts included, for the creator). */
export async function columnFunnel(db: Knex, columnId: number): Promise<FunnelStep[]> {
  const counts = db('reading_progress as rp')
    .join('articles as fa', 'fa.id', 'rp.article_id')
    .where('fa.column_id', columnId)
    .groupBy('rp.article_id')
    .select('rp.article_id', db.raw('COUNT(*) as readers'), db.raw('SUM(CASE WHEN rp.completed THEN 1 ELSE 0 END) as done'))
    .as('p');
  const rows: Array<Record<string, unknown>> = await db('articles as a')
    .leftJoin('chapters as ch', 'ch.id', 'a.chapter_id')
    .leftJoin(counts, 'p.article_id', 'a.id')
    .select('a.id', 'a.title', 'a.chapter_id', 'a.status', 'p.readers', 'p.done')
    .where('a.column_id', columnId)
    .orderByRaw('CASE WHEN ch.id IS NULL THEN 1 ELSE 0 END, ch.sort, ch.id, a.sort, a.id');
  return rows.map((r) => ({
    articleId: Number(r.id),
    title: String(r.title),
    chapterId: r.chapter_id === null || r.chapter_id === undefined ? null : Number(r.chapter_id),
    status: String(r.status),
    readers: toNum(r.readers),
    completed: toNum(r.done),
  }));
}

/** `columnFunnel` for a column that must exist (the CMS asks by id). */
export async function columnFunnelReport(ctx: Pick<ServiceContext, 'db'>, columnId: number): Promise<{ items: FunnelStep[] }> {
  if (!(await ctx.db('columns').where('id', columnId).first('id'))) throw notFound('专栏不存在');
  return { items: await columnFunnel(ctx.db, columnId) };
}

export interface UserProgressItem {
  articleId: number;
  columnId: number;
  title: string;
  percent: number;
  completed: boolean;
  completedAt: string | null;
  durationSec: number;
  lastReadAt: string;
}

export interface UserProgressPage {
  items: UserProgressItem[];
  nextCursor: string | null;
  /** All-time study seconds of the user (learning_daily). */
  totalSec: number;
}

/** One user's progress, most recently read first, keyset-paged on (last_report_at, article_id). */
export async function userProgress(
  ctx: Pick<ServiceContext, 'db'>,
  userId: number,
  input: { cursor?: string; limit: number },
): Promise<UserProgressPage> {
  const { db } = ctx;
  const after = decodeCursor(input.cursor, 2);
  const q = db('reading_progress as rp')
    .join('articles as a', 'a.id', 'rp.article_id')
    .select(
      'rp.article_id',
      'a.column_id',
      'a.title',
      'rp.percent',
      'rp.completed',
      'rp.completed_at',
      'rp.duration_sec',
      'rp.last_report_at',
    )
    .where('rp.user_id', userId);
  if (after) {
    const [atMs, articleId] = after.map(Number);
    const at = new Date(atMs);
    q.andWhere((w) =>
      w.where('rp.last_report_at', '<', at).orWhere((x) => x.where('rp.last_report_at', at).andWhere('rp.article_id', '<', articleId)),
    );
  }
  const rows: Array<Record<string, unknown>> = await q
    .orderBy([
      { column: 'rp.last_report_at', order: 'desc' },
      { column: 'rp.article_id', order: 'desc' },
    ])
    .limit(input.limit + 1);
  const total = await db('learning_daily').where('user_id', userId).sum('seconds as s').first();
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      articleId: Number(r.article_id),
      columnId: Number(r.column_id),
      title: String(r.title),
      percent: toNum(r.percent),
      completed: toBool(r.completed),
      completedAt: toDate(r.completed_at)?.toISOString() ?? null,
      durationSec: toNum(r.duration_sec),
      lastReadAt: toDate(r.last_report_at)!.toISOString(),
    })),
    nextCursor: rows.length > input.limit && last ? encodeCursor([toDate(last.last_report_at)!.getTime(), Number(last.article_id)]) : null,
    totalSec: toNum(total?.s),
  };
}
