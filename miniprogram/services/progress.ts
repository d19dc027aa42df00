import { call } from './api';
import type { ProgressReport } from './types';

export type { ProgressReport };

export const report = (input: ProgressReport) => call('progress', 'report', input);
export const get = (articleId: number) => call('progress', 'get', { articleId });
export const column = (columnId: number) => call('progress', 'column', { columnId });
export const recent = (limit = 10) => call('progress', 'recent', { limit });
export const stats = (days = 7) => call('progress', 'stats', { days });
