import { call } from './api';

export const article = (articleId: number) => call('access', 'article', { articleId });
export const check = (articleIds: number[]) => call('access', 'check', { articleIds });
