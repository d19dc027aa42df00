import { call } from './api';
import type { ProgressReport } from './types';

export type { ProgressReport };

export const report = (input: ProgressReport) => call('progress', 'report', input);
export const get = (articleId: number) => call('progress', 'get', { articleId });
export const column = (columnId: number) => call('progress', 'column', { columnId });
export const recent = (limit = 10) => call('progress', 'recent', { limit });
export const stats = (days = 7) => call('progress', 'stats', { days });

/**
 * The learner's percent per article of one column, for the table of contents: from
 * progress.column's `articles` (the learner's own rows; unread articles are left out). Without
 * one (a failed call), the learner's recent reading stands in (progress.recent, 50 across columns).
 */
export async function articlePercents(
  columnId: number,
  fromColumn?: { articles?: Array<{ articleId: number; percent: number }> } | null,
): Promise<Record<number, number>> {
  const out: Record<number, number> = {};
  if (fromColumn?.articles) {
    for (const a of fromColumn.articles) if (a.percent > 0) out[a.articleId] = a.percent;
    return out;
  }
  const { items } = await recent(50);
  for (const r of items) if (r.article.columnId === columnId && r.percent > 0) out[r.article.id] = r.percent;
  return out;
}
