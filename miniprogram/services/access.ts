import { call } from './api';
import type { ArticleView } from './types';

export const article = (articleId: number) => call<ArticleView>('access', 'article', { articleId });
export const check = (articleIds: number[]) => call<Record<string, boolean>>('access', 'check', { articleIds });
