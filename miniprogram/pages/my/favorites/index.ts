import * as user from '../../../services/user';
import { toApiError } from '../../../services/errors';
import type { ArticleCard } from '../../../services/types';

/** Favorites come back as cards, or as `{ article }` rows with a timestamp — accept both. */
const cardOf = (row: ArticleCard | { article: ArticleCard }): ArticleCard => ('article' in row ? row.article : row);

Component({
  data: { status: 'loading' as 'loading' | 'ok' | 'empty' | 'error', message: '', items: [] as ArticleCard[], nextCursor: null as string | null },
  methods: {
    onLoad() {
      return this.load();
    },
    async load() {
      try {
        const page = await user.favorites();
        this.setData({ status: page.items.length ? 'ok' : 'empty', message: '还没有收藏的文章', items: page.items.map(cardOf), nextCursor: page.nextCursor ?? null });
      } catch (err) {
        this.setData({ status: 'error', message: toApiError(err).message });
      }
    },
    async loadMore() {
      if (!this.data.nextCursor) return;
      try {
        const page = await user.favorites(this.data.nextCursor);
        this.setData({ items: [...this.data.items, ...page.items.map(cardOf)], nextCursor: page.nextCursor ?? null });
      } catch {
        wx.showToast({ title: '加载失败', icon: 'none' });
      }
    },
  },
});
