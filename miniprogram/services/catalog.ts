import { call } from './api';

export const home = () => call('catalog', 'home');
export const columns = (cursor?: string) => call('catalog', 'columns', cursor ? { cursor } : {});
export const column = (columnId: number) => call('catalog', 'column', { columnId });
export const plans = () => call('catalog', 'plans').then((r) => r.items);
export const clientConfig = () => call('catalog', 'config');
export const terms = () => call('catalog', 'terms');
/** Title search over columns and articles (cards only, `locked` for the caller). */
export const search = (q: string, limit = 20) => call('catalog', 'search', { q, limit });
