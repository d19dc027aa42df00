import * as comments from '../../../../../services/comment';
import { toApiError, type ErrorCode } from '../../../../../services/errors';
import { ago } from '../../../../../utils/format';
import type { Comment } from '../../../../../services/types';

type Row = Comment & { timeText: string; replies: Comment[]; replyCount: number };

/** Why a comment did not post, in the composer's words; other refusals show the server's message. */
const COMPOSER_ERRORS: Partial<Record<ErrorCode, string>> = {
  CONTENT_REJECTED: '内容未通过安全审核，请修改后再发布',
  UNAUTHENTICATED: '请先登录后再留言',
  FORBIDDEN: '解锁本文后即可参与讨论',
  RATE_LIMITED: '留言太频繁了，请稍后再试',
  NETWORK: '网络不给力，留言未发出，请稍后重试',
};

const DEFAULT_AVATAR = 'data:image/svg+xml;utf8,<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="5" fill="%23dfe3ea"/></svg>';

/**
 * Top-level comments with their replies folded under them (creators answer as 作者回复). The
 * learner's own pending comment shows with a review tag; the server only returns it to them.
 */
export function toRows(list: Comment[]): Row[] {
  const top = list.filter((c) => !c.parentId);
  return top.map((c) => ({
    ...c,
    timeText: ago(c.createdAt),
    replies: [...(c.replies ?? []), ...list.filter((r) => r.parentId === c.id)],
    replyCount: c.replyCount ?? (c.replies?.length ?? 0),
  }));
}

Component({
  properties: {
    articleId: { type: Number, value: 0 },
    /** Paid articles take comments from those who can read them (the server answers FORBIDDEN otherwise). */
    canPost: { type: Boolean, value: true },
  },
  data: {
    status: 'loading' as 'loading' | 'ok' | 'error',
    items: [] as Row[],
    raw: [] as Comment[],
    nextCursor: null as string | null,
    draft: '',
    posting: false,
    composerError: '',
    defaultAvatar: DEFAULT_AVATAR,
  },
  observers: {
    articleId(id: number) {
      if (id) void this.load();
    },
  },
  methods: {
    async load() {
      this.setData({ status: 'loading' });
      try {
        const page = await comments.list(this.data.articleId);
        this.setData({ status: 'ok', raw: page.items, items: toRows(page.items), nextCursor: page.nextCursor });
      } catch {
        this.setData({ status: 'error' });
      }
    },
    async loadMore() {
      if (!this.data.nextCursor) return;
      try {
        const page = await comments.list(this.data.articleId, this.data.nextCursor);
        const raw = [...this.data.raw, ...page.items];
        this.setData({ raw, items: toRows(raw), nextCursor: page.nextCursor });
      } catch {
        wx.showToast({ title: '加载失败，请重试', icon: 'none' });
      }
    },
    onInput(e: WechatMiniprogram.Input) {
      this.setData({ draft: e.detail.value, composerError: '' });
    },
    async send() {
      const content = this.data.draft.trim();
      if (!content || this.data.posting) return;
      this.setData({ posting: true, composerError: '' });
      try {
        const created = await comments.create(this.data.articleId, content);
        const raw = [created, ...this.data.raw];
        this.setData({ raw, items: toRows(raw), draft: '' });
        wx.showToast({ title: created.status === 'pending' ? '已提交，审核后公开' : '发布成功', icon: 'none' });
      } catch (err) {
        // The draft stays in every case, so the learner can edit it and send again.
        const e = toApiError(err);
        this.setData({ composerError: COMPOSER_ERRORS[e.code] ?? e.message });
      } finally {
        this.setData({ posting: false });
      }
    },
    async toggleLike(e: WechatMiniprogram.TouchEvent) {
      const index = Number(e.currentTarget.dataset.index);
      const row = this.data.items[index];
      if (!row || row.status !== 'published') return;
      try {
        const res = await comments.like(row.id, !row.liked);
        this.setData({ [`items[${index}].liked`]: res.liked, [`items[${index}].likeCount`]: res.likeCount });
      } catch {
        wx.showToast({ title: '操作失败', icon: 'none' });
      }
    },
  },
});
