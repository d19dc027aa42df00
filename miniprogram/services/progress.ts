import { call } from './api';
import type { ArticleCard, Progress, Stats } from './types';

export interface ProgressReport {
  articleId: number;
  percent: number;
  positionSec?: number;
}

export const report = (input: ProgressReport) =>
  call<{ percent: number; completed: boolean; durationSec: number }>('progress', 'report', { ...input });
export const get = (articleId: number) => call<Progress>('progress', 'get', { articleId });
export const column = (columnId: number) =>
  call<{ completed: number; total: number; rate: number; lastArticleId: number | null; articles?: ColumnArticleProgress[] }>('progress', 'column', { columnId });
export const recent = (limit = 10) =>
  call<{ items: Array<{ article: ArticleCard; percent: number; lastReadAt: string }> }>('progress', 'recent', { limit });
export const stats = (days = 7) => call<Stats>('progress', 'stats', { days });

/**
 * Per-article percents as progress.column may send them (server part of issue 17).
 * TODO(contract): move into types.ts once progress.column's generated type carries `articles`.
 */
export interface ColumnArticleProgress {
  articleId: number;
  percent: number;
  completed: boolean;
}

/**
 * The learner's percent per article of one column, for the table of contents: from
 * progress.column's `articles` when the server sends them, else from the learner's recent
 * reading (progress.recent, at most 50 articles across columns — enough for a column in progress).
 */
export async function articlePercents(columnId: number, fromColumn?: { articles?: ColumnArticleProgress[] } | null): Promise<Record<number, number>> {
  const out: Record<number, number> = {};
  if (fromColumn?.articles) {
    for (const a of fromColumn.articles) if (a.percent > 0) out[a.articleId] = a.percent;
    return out;
  }
  const { items } = await recent(50);
  for (const r of items) if (r.article.columnId === columnId && r.percent > 0) out[r.article.id] = r.percent;
  return out;
}
