import { notes } from '../../../services/learning';
import { loadFailed } from '../../../utils/page';
import { ago } from '../../../utils/format';

interface Row {
  id: number;
  articleId: number;
  articleTitle: string;
  columnTitle: string;
  quote: string;
  text: string;
  timeText: string;
}

/** My notes across everything bought: search, open the article, export to Markdown (shown and copyable). */
Component({
  data: {
    status: 'loading' as 'loading' | 'ok' | 'empty' | 'error',
    message: '',
    q: '',
    items: [] as Row[],
    nextCursor: null as string | null,
    markdown: '',
  },
  methods: {
    onLoad() {
      return this.load();
    },
    async load(more = false) {
      try {
        const page = await notes.list({
          ...(this.data.q ? { q: this.data.q } : {}),
          ...(more && this.data.nextCursor ? { cursor: this.data.nextCursor } : {}),
        });
        const rows = page.items.map((n) => ({
          id: n.id,
          articleId: n.articleId,
          articleTitle: n.articleTitle,
          columnTitle: n.columnTitle,
          quote: n.quote,
          text: n.text,
          timeText: ago(n.createdAt),
        }));
        const items = more ? [...this.data.items, ...rows] : rows;
        this.setData({
          items,
          nextCursor: page.nextCursor,
          status: items.length ? 'ok' : 'empty',
          message: this.data.q ? '没有找到相关笔记' : '还没有笔记，在文章里点「划线笔记」试试',
        });
      } catch (err) {
        this.setData(loadFailed(err));
      }
    },
    loadMore() {
      return this.load(true);
    },
    onSearch(e: WechatMiniprogram.Input) {
      this.setData({ q: String(e.detail.value ?? '').trim() });
      return this.load();
    },
    open(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/pages/reader/article/index?id=${e.currentTarget.dataset.id}` });
    },
    async exportAll() {
      try {
        const { markdown } = await notes.exportMarkdown();
        this.setData({ markdown });
      } catch (err) {
        wx.showToast({ title: loadFailed(err).message, icon: 'none' });
      }
    },
    copy() {
      wx.setClipboardData({ data: this.data.markdown });
    },
    closeExport() {
      this.setData({ markdown: '' });
    },
  },
});
