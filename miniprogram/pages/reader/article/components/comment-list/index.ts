import * as comments from '../../../../../services/comment';
import { toApiError, type ErrorCode } from '../../../../../services/errors';
import { ago } from '../../../../../utils/format';
import type { Comment } from '../../../../../services/types';

type Reply = Comment & { timeText: string };
type Row = Comment & { timeText: string; replies: Reply[]; replyCount: number; repliesCursor: string | null; expanded: boolean };

/** Why a comment did not post, in the composer's words; other refusals show the server's message. */
const COMPOSER_ERRORS: Partial<Record<ErrorCode, string>> = {
  CONTENT_REJECTED: '内容未通过安全审核，请修改后再发布',
  UNAUTHENTICATED: '请先登录后再留言',
  FORBIDDEN: '解锁本文后即可参与讨论',
  RATE_LIMITED: '留言太频繁了，请稍后再试',
  NETWORK: '网络不给力，留言未发出，请稍后重试',
};

const DEFAULT_AVATAR =
  'data:image/svg+xml;utf8,<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="5" fill="%23dfe3ea"/></svg>';

const reply = (c: Comment): Reply => ({ ...c, timeText: ago(c.createdAt) });

/**
 * Top-level comments with their replies folded under them (creators answer as 作者回复). The
 * learner's own pending comment shows with a review tag; the server only returns it to them.
 */
export function toRows(list: Comment[]): Row[] {
  const top = list.filter((c) => !c.parentId);
  return top.map((c) => ({
    ...c,
    timeText: ago(c.createdAt),
    replies: [...(c.replies ?? []), ...list.filter((r) => r.parentId === c.id)].map(reply),
    replyCount: c.replyCount ?? c.replies?.length ?? 0,
    repliesCursor: null,
    expanded: false,
  }));
}

/**
 * The discussion under an article: newest or hot, replies (to a comment or to a reply, which
 * joins the same thread), the learner's own comments deletable, and "共 N 条回复" expanding to
 * the whole thread (comment.replies).
 */
Component({
  properties: {
    articleId: { type: Number, value: 0 },
    /** Paid articles take comments from those who can read them (the server answers FORBIDDEN otherwise). */
    canPost: { type: Boolean, value: true },
  },
  data: {
    status: 'loading' as 'loading' | 'ok' | 'error',
    sort: 'newest' as comments.CommentSort,
    items: [] as Row[],
    nextCursor: null as string | null,
    draft: '',
    posting: false,
    composerError: '',
    /** The thread a reply goes to, and whom it answers (shown in the composer). */
    replyTo: null as { parentId: number; nickname: string } | null,
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
        const page = await comments.list(this.data.articleId, undefined, this.data.sort);
        this.setData({ status: 'ok', items: toRows(page.items), nextCursor: page.nextCursor });
      } catch {
        this.setData({ status: 'error' });
      }
    },
    /** The page calls this from onReachBottom: comments are the end of the article. */
    async loadMore() {
      if (!this.data.nextCursor) return;
      try {
        const page = await comments.list(this.data.articleId, this.data.nextCursor, this.data.sort);
        const seen = new Set(this.data.items.map((r) => r.id));
        this.setData({ items: [...this.data.items, ...toRows(page.items).filter((r) => !seen.has(r.id))], nextCursor: page.nextCursor });
      } catch {
        wx.showToast({ title: '加载失败，请重试', icon: 'none' });
      }
    },
    setSort(e: WechatMiniprogram.BaseEvent) {
      const sort = e.currentTarget.dataset.sort as comments.CommentSort;
      if (sort === this.data.sort) return undefined;
      this.setData({ sort });
      return this.load();
    },
    onInput(e: WechatMiniprogram.Input) {
      this.setData({ draft: e.detail.value, composerError: '' });
    },
    startReply(e: WechatMiniprogram.BaseEvent) {
      if (!this.data.canPost) return;
      const { parent, nickname } = e.currentTarget.dataset as { parent: number; nickname: string };
      this.setData({ replyTo: { parentId: Number(parent), nickname: nickname || '学员' }, composerError: '' });
    },
    cancelReply() {
      this.setData({ replyTo: null });
    },
    async send() {
      const content = this.data.draft.trim();
      if (!content || this.data.posting) return;
      const replyTo = this.data.replyTo;
      this.setData({ posting: true, composerError: '' });
      try {
        const created = await comments.create(this.data.articleId, content, replyTo?.parentId);
        if (replyTo) {
          const index = this.data.items.findIndex((r) => r.id === replyTo.parentId);
          if (index >= 0) {
            const row = this.data.items[index];
            this.setData({
              [`items[${index}].replies`]: [...row.replies, reply(created)],
              [`items[${index}].replyCount`]: row.replyCount + 1,
            });
          }
        } else {
          this.setData({ items: [...toRows([created]), ...this.data.items] });
        }
        this.setData({ draft: '', replyTo: null });
        wx.showToast({ title: created.status === 'pending' ? '已提交，审核后公开' : '发布成功', icon: 'none' });
      } catch (err) {
        // The draft stays in every case, so the learner can edit it and send again.
        const e = toApiError(err);
        this.setData({ composerError: COMPOSER_ERRORS[e.code] ?? e.message });
      } finally {
        this.setData({ posting: false });
      }
    },
    /** "共 N 条回复": the whole thread, a page at a time. */
    async expandReplies(e: WechatMiniprogram.BaseEvent) {
      const index = Number(e.currentTarget.dataset.index);
      const row = this.data.items[index];
      if (!row) return;
      try {
        const page = await comments.replies(row.id, row.expanded ? (row.repliesCursor ?? undefined) : undefined);
        const base = row.expanded ? row.replies : [];
        const seen = new Set(base.map((r) => r.id));
        this.setData({
          [`items[${index}].replies`]: [...base, ...page.items.filter((r) => !seen.has(r.id)).map(reply)],
          [`items[${index}].repliesCursor`]: page.nextCursor,
          [`items[${index}].expanded`]: true,
        });
      } catch {
        wx.showToast({ title: '回复加载失败，请重试', icon: 'none' });
      }
    },
    /** Deletes the learner's own comment or reply after a confirmation. */
    remove(e: WechatMiniprogram.BaseEvent) {
      const { id, parent } = e.currentTarget.dataset as { id: number; parent?: number };
      return new Promise<void>((resolve) => {
        wx.showModal({
          title: '删除留言',
          content: '删除后不可恢复，确定删除吗？',
          confirmText: '删除',
          confirmColor: '#d54941',
          success: async (res) => {
            if (res.confirm) await this.doRemove(Number(id), parent ? Number(parent) : 0);
            resolve();
          },
          fail: () => resolve(),
        });
      });
    },
    async doRemove(id: number, parentId: number) {
      try {
        await comments.remove(id);
      } catch (err) {
        wx.showToast({ title: toApiError(err).message, icon: 'none' });
        return;
      }
      if (!parentId) {
        this.setData({ items: this.data.items.filter((r) => r.id !== id) });
      } else {
        const index = this.data.items.findIndex((r) => r.id === parentId);
        if (index >= 0) {
          const row = this.data.items[index];
          this.setData({
            [`items[${index}].replies`]: row.replies.filter((r) => r.id !== id),
            [`items[${index}].replyCount`]: Math.max(0, row.replyCount - 1),
          });
        }
      }
      wx.showToast({ title: '已删除', icon: 'none' });
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
