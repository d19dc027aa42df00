import type { Page } from '../services/types';
import { loadFailed } from './page';

type ListStatus = 'loading' | 'ok' | 'empty' | 'error';

interface ListData<Row> {
  status: ListStatus;
  message: string;
  items: Row[];
  nextCursor: string | null;
}

interface ListPage<Row> {
  data: ListData<Row>;
  setData(data: Partial<ListData<Row>>): void;
  load(): Promise<void>;
}

/** The data a cursor-paged list page starts with (its WXML reads status, message, items, nextCursor). */
export function pagedListData<Row>(): ListData<Row> {
  return { status: 'loading', message: '', items: [], nextCursor: null };
}

/**
 * A page listing one cursor-paged backend list: the first page on open (the empty state says
 * `emptyMessage`), the next one when the learner scrolls to the bottom (onReachBottom; 加载更多
 * stays as a fallback), a fresh first page on pull-down. A failed first page is the page's error
 * state; a failed further page is only a toast, so what is already shown stays. Spread into `methods`;
 * the page's json sets enablePullDownRefresh.
 */
export function pagedListMethods<Raw, Row>(
  fetchPage: (cursor?: string) => Promise<Page<Raw>>,
  toRow: (raw: Raw) => Row,
  emptyMessage: string,
) {
  return {
    onLoad(this: ListPage<Row>) {
      return this.load();
    },
    async load(this: ListPage<Row>) {
      try {
        const page = await fetchPage();
        this.setData({
          status: page.items.length ? 'ok' : 'empty',
          message: emptyMessage,
          items: page.items.map(toRow),
          nextCursor: page.nextCursor ?? null,
        });
      } catch (err) {
        this.setData(loadFailed(err));
      }
    },
    async onPullDownRefresh(this: ListPage<Row>) {
      await this.load();
      wx.stopPullDownRefresh();
    },
    onReachBottom(this: ListPage<Row> & { loadMore(): Promise<void> }) {
      return this.loadMore();
    },
    async loadMore(this: ListPage<Row> & { loadingMore?: boolean }) {
      // One further page at a time: onReachBottom fires again while the first is on its way.
      if (!this.data.nextCursor || this.loadingMore) return;
      this.loadingMore = true;
      try {
        const page = await fetchPage(this.data.nextCursor);
        this.setData({ items: [...this.data.items, ...page.items.map(toRow)], nextCursor: page.nextCursor ?? null });
      } catch {
        wx.showToast({ title: '加载失败', icon: 'none' });
      } finally {
        this.loadingMore = false;
      }
    },
  };
}
