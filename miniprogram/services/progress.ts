import { call } from './api';
import type { ProgressReport } from './types';

export type { ProgressReport };

export const report = (input: ProgressReport) => call('progress', 'report', input);
export const get = (articleId: number) => call('progress', 'get', { articleId });
export const column = (columnId: number) => call('progress', 'column', { columnId });
export const recent = (limit = 10) => call('progress', 'recent', { limit });
export const stats = (days = 7) => call('progress', 'stats', { days });

/**
 * Per-article percents as progress.column may send them (server part of issue 17).
 * TODO(contract): read them from the generated type once progress.column carries `articles`.
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
export async function articlePercents(columnId: number, fromColumn?: object | null): Promise<Record<number, number>> {
  const out: Record<number, number> = {};
  const articles = (fromColumn as { articles?: ColumnArticleProgress[] } | null | undefined)?.articles;
  if (articles) {
    for (const a of articles) if (a.percent > 0) out[a.articleId] = a.percent;
    return out;
  }
  const { items } = await recent(50);
  for (const r of items) if (r.article.columnId === columnId && r.percent > 0) out[r.article.id] = r.percent;
  return out;
}
