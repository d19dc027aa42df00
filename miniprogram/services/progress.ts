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
  call<{ completed: number; total: number; rate: number; lastArticleId: number | null }>('progress', 'column', { columnId });
export const recent = (limit = 10) =>
  call<{ items: Array<{ article: ArticleCard; percent: number; lastReadAt: string }> }>('progress', 'recent', { limit });
export const stats = (days = 7) => call<Stats>('progress', 'stats', { days });
