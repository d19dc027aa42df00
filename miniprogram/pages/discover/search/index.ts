import { assetUrl } from '../../../services/api';
import * as catalog from '../../../services/catalog';
import { toApiError } from '../../../services/errors';
import { highlight, type TextPart } from '../../../utils/format';
import { go, routes } from '../../../utils/nav';
import type { ArticleCard, ColumnCard } from '../../../services/types';

export const HISTORY_KEY = 'search-history.v1';
export const HISTORY_MAX = 10;
/** The server's limit for a query (catalog.search `q`: Text(32)). */
export const QUERY_MAX = 32;

type ColumnHit = ColumnCard & { parts: TextPart[]; coverUrl: string };
type ArticleHit = ArticleCard & { parts: TextPart[] };

function readHistory(): string[] {
  try {
    const saved = wx.getStorageSync(HISTORY_KEY);
    return Array.isArray(saved) ? (saved as string[]).filter((s) => typeof s === 'string').slice(0, HISTORY_MAX) : [];
  } catch {
    return [];
  }
}

function writeHistory(items: string[]): void {
  try {
    if (items.length) wx.setStorageSync(HISTORY_KEY, items);
    else wx.removeStorageSync(HISTORY_KEY);
  } catch {
    // Storage full: history is a convenience, the search itself works.
  }
}

/**
 * Search by title (catalog.search): recent queries kept on the phone (newest first, at most 10),
 * results with the query highlighted, an empty state that says what was searched.
 */
Component({
  data: {
    query: '',
    searched: '',
    status: 'idle' as 'idle' | 'loading' | 'ok' | 'empty' | 'error',
    message: '',
    history: [] as string[],
    columns: [] as ColumnHit[],
    articles: [] as ArticleHit[],
    skeletonRows: [{ width: '60%' }, { width: '100%' }, { width: '90%' }],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ history: readHistory() });
      if (query.q) return this.search(decodeURIComponent(query.q));
      return undefined;
    },
    onInput(e: WechatMiniprogram.Input) {
      const query = e.detail.value;
      this.setData({ query });
      if (!query.trim()) this.setData({ status: 'idle' });
    },
    onConfirm() {
      return this.search(this.data.query);
    },
    tapHistory(e: WechatMiniprogram.BaseEvent) {
      return this.search(String(e.currentTarget.dataset.q ?? ''));
    },
    clearHistory() {
      writeHistory([]);
      this.setData({ history: [] });
    },
    clearQuery() {
      this.setData({ query: '', status: 'idle' });
    },
    async search(raw: string) {
      const q = raw.trim().slice(0, QUERY_MAX);
      if (!q) return;
      const history = [q, ...this.data.history.filter((h) => h !== q)].slice(0, HISTORY_MAX);
      writeHistory(history);
      this.setData({ query: q, searched: q, history, status: 'loading' });
      try {
        const res = await catalog.search(q);
        if (this.data.searched !== q) return; // a newer search is on its way
        const columns = res.columns.map((c) => ({ ...c, parts: highlight(c.title, q), coverUrl: assetUrl(c.cover) }));
        const articles = res.articles.map((a) => ({ ...a, parts: highlight(a.title, q) }));
        this.setData({ columns, articles, status: columns.length || articles.length ? 'ok' : 'empty' });
      } catch (err) {
        this.setData({ status: 'error', message: toApiError(err).message });
      }
    },
    openColumn(e: WechatMiniprogram.BaseEvent) {
      go(routes.column(Number(e.currentTarget.dataset.id)));
    },
    openArticle(e: WechatMiniprogram.BaseEvent) {
      go(routes.article(Number(e.currentTarget.dataset.id)));
    },
  },
});
