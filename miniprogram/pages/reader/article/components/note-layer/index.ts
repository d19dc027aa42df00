import { notes } from '../../../../../services/learning';
import { toApiError } from '../../../../../services/errors';
import { paragraphsOf, plainTextOf, type Sentence } from '../../../../../utils/plain-text';

interface NoteRow {
  id: number;
  quote: string;
  text: string;
  anchor: { start: number; end: number };
}

interface Cell {
  k: number;
  text: string;
  marked: boolean;
  selected: boolean;
}

/**
 * Highlights and notes on the full body (docs/learning.md). The body is shown as tappable
 * sentences cut from the same html segments the server counts in, so a picked range is an anchor
 * into the server's plain text: tap the first sentence, then the last, write a note (optional), save.
 */
Component({
  properties: {
    articleId: { type: Number, value: 0 },
    /** The full body html (only given to readers with access). */
    html: { type: String, value: '' },
    granted: { type: Boolean, value: false },
  },
  data: {
    open: false,
    paragraphs: [] as Array<{ tag: string; cells: Cell[] }>,
    items: [] as NoteRow[],
    from: -1,
    to: -1,
    quote: '',
    draft: '',
    saving: false,
    error: '',
  },
  observers: {
    'articleId, granted'(articleId: number, granted: boolean) {
      if (articleId && granted) this.loadNotes();
    },
  },
  methods: {
    sentences(): Sentence[] {
      const self = this as unknown as { _sentences?: Sentence[]; _html?: string };
      if (self._html !== this.data.html || !self._sentences) {
        self._html = this.data.html;
        self._sentences = paragraphsOf(this.data.html).flatMap((p) => p.sentences);
      }
      return self._sentences;
    },
    async loadNotes() {
      try {
        const page = await notes.list({ articleId: this.data.articleId });
        this.setData({ items: page.items as NoteRow[] });
        if (this.data.open) this.paint();
      } catch {
        // The reader works without notes; the list shows again on the next open.
      }
    },
    /** Lays the sentences out with highlights and the current selection marked. */
    paint() {
      const all = this.sentences();
      const { from, to, items } = this.data;
      const lo = Math.min(from, to);
      const hi = Math.max(from, to);
      let k = 0;
      const paragraphs = paragraphsOf(this.data.html).map((p) => ({
        tag: p.tag,
        cells: p.sentences.map((s) => {
          const cell: Cell = {
            k,
            text: s.text,
            marked: items.some((n) => n.anchor.start < s.end && n.anchor.end > s.start),
            selected: from >= 0 && k >= lo && k <= hi,
          };
          k += 1;
          return cell;
        }),
      }));
      const quote = from >= 0 ? plainTextOf(this.data.html).slice(all[lo].start, all[hi].end) : '';
      this.setData({ paragraphs, quote });
    },
    toggle() {
      this.setData({ open: !this.data.open, error: '' });
      if (this.data.open) this.paint();
    },
    /** First tap picks a sentence, a second one extends the range to it; a third starts over. */
    pick(e: WechatMiniprogram.TouchEvent) {
      const k = Number(e.currentTarget.dataset.k);
      const { from, to } = this.data;
      if (from < 0 || from !== to) this.setData({ from: k, to: k });
      else this.setData({ to: k });
      this.paint();
    },
    onDraft(e: WechatMiniprogram.Input) {
      this.setData({ draft: e.detail.value });
    },
    cancel() {
      this.setData({ from: -1, to: -1, draft: '', error: '' });
      this.paint();
    },
    async save() {
      const all = this.sentences();
      const { from, to } = this.data;
      if (from < 0 || this.data.saving) return;
      const start = all[Math.min(from, to)].start;
      const end = all[Math.max(from, to)].end;
      const quote = plainTextOf(this.data.html).slice(start, end);
      this.setData({ saving: true, error: '' });
      try {
        await notes.create({ articleId: this.data.articleId, quote, text: this.data.draft, anchor: { start, end } });
        this.setData({ from: -1, to: -1, draft: '' });
        wx.showToast({ title: '已划线', icon: 'success' });
        await this.loadNotes();
        this.paint();
      } catch (err) {
        this.setData({ error: toApiError(err).message });
      } finally {
        this.setData({ saving: false });
      }
    },
    async remove(e: WechatMiniprogram.TouchEvent) {
      const id = Number(e.currentTarget.dataset.id);
      try {
        await notes.remove(id);
        await this.loadNotes();
        if (this.data.open) this.paint();
      } catch (err) {
        wx.showToast({ title: toApiError(err).message, icon: 'none' });
      }
    },
    openMyNotes() {
      wx.navigateTo({ url: '/pages/my/notes/index' });
    },
  },
});
