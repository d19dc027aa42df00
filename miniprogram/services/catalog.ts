import { call } from './api';
import type { ClientConfig, ColumnCard, ColumnDetail, ArticleCard, Page, Plan } from './types';

export const home = () => call<{ columns: ColumnCard[]; latest: ArticleCard[] }>('catalog', 'home');
export const columns = (cursor?: string) => call<Page<ColumnCard>>('catalog', 'columns', cursor ? { cursor } : {});
export const column = (columnId: number) => call<ColumnDetail>('catalog', 'column', { columnId });
export const plans = () => call<{ items: Plan[] } | Plan[]>('catalog', 'plans').then((r) => (Array.isArray(r) ? r : r.items));
export const clientConfig = () => call<ClientConfig>('catalog', 'config');
/** Title search over columns and articles (cards only, `locked` for the caller). */
export const search = (q: string, limit = 20) =>
  call<{ columns: ColumnCard[]; articles: ArticleCard[] }>('catalog', 'search', { q, limit });
