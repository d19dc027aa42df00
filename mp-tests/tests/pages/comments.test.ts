import { createMpApp, type MpApp } from '../support/mp';
import { articleId } from '../support/seed';

/**
 * The discussion under an article, against the real comment function: reply (a reply to a reply
 * joins the same thread), delete one's own after confirming, "共 N 条回复" expands the whole
 * thread (comment.replies), newest/hot order (comment.list `sort`).
 */
describe('comments', () => {
  let app: MpApp;
  let free: number;
  const me = 'commenter-me';
  const post = async (openid: string, content: string, parentId?: number) => {
    app.h.clock.advanceSec(61); // stay clear of the per-minute posting limit
    return app.h.ok('comment', 'create', parentId ? { articleId: free, content, parentId } : { articleId: free, content }, { openid });
  };

  beforeAll(async () => {
    app = await createMpApp({ openid: me });
    free = await articleId(app.h.db, '开篇词：学习是一门可以练习的手艺');
  });
  afterAll(() => app.close());
  afterEach(() => {
    app.fake.modalAnswer = 'confirm';
  });

  const openList = async () => {
    const reader = await app.open(`/pages/reader/article/index?id=${free}`);
    return { reader, list: reader.$('#comments') };
  };

  it('replies to a comment in its thread, and the server has the reply', async () => {
    const top = await post('commenter-other', '间隔重复真的有用吗？');
    app.h.clock.advanceSec(61);
    const { reader, list } = await openList();
    const index = list.instance.data.items.findIndex((r: any) => r.id === top.id);
    // The 回复 under that comment (the first reply button of its row).
    const buttons = reader.$$('#comments >>> .reply-btn');
    const rowsBefore = list.instance.data.items
      .slice(0, index)
      .reduce((n: number, r: any) => n + 1 + r.replies.filter((x: any) => !x.isAuthorReply).length, 0);
    buttons[rowsBefore].dispatchEvent('tap');
    await app.settle();
    expect(list.instance.data.replyTo).toEqual({ parentId: top.id, nickname: expect.any(String) });
    expect(reader.text()).toContain('回复');
    list.instance.onInput({ detail: { value: '有用，我坚持了一个月' } });
    await reader.tap('#comments >>> .send');
    expect(list.instance.data.replyTo).toBeNull();
    expect(list.instance.data.items[index].replies.map((r: any) => r.content)).toEqual(['有用，我坚持了一个月']);
    expect(list.instance.data.items[index].replyCount).toBe(1);

    const thread = await app.h.ok('comment', 'replies', { commentId: top.id }, { openid: me });
    expect(thread.items).toEqual([expect.objectContaining({ content: '有用，我坚持了一个月', parentId: top.id, mine: true })]);
  });

  it("deletes the learner's own comment only after confirming; others' have no delete", async () => {
    const mine = await post(me, '这条我要删掉');
    const { reader, list } = await openList();
    const deletes = () => reader.$$('#comments >>> .delete-btn');
    // Only own comments and replies carry 删除.
    const own =
      list.instance.data.items.filter((r: any) => r.mine).length +
      list.instance.data.items.flatMap((r: any) => r.replies).filter((r: any) => r.mine).length;
    expect(deletes().length).toBe(own);

    app.fake.modalAnswer = 'cancel';
    await reader.tap('#comments >>> .delete-btn', 0);
    expect(app.fake.modals.at(-1)).toMatchObject({ title: '删除留言' });
    expect(list.instance.data.items.some((r: any) => r.id === mine.id)).toBe(true);

    app.fake.modalAnswer = 'confirm';
    await reader.tap('#comments >>> .delete-btn', 0);
    expect(list.instance.data.items.some((r: any) => r.id === mine.id)).toBe(false);
    const server = await app.h.ok('comment', 'list', { articleId: free }, { openid: me });
    expect(server.items.some((c: any) => c.id === mine.id)).toBe(false);
    expect(app.fake.toasts.at(-1)).toBe('已删除');
  });

  it('"共 N 条回复" expands the whole thread', async () => {
    const top = await post('commenter-other', '大家每天复习多久？');
    for (let i = 1; i <= 5; i++) await post(`commenter-${i}`, `第 ${i} 条回复`, top.id);
    const { reader, list } = await openList();
    const index = list.instance.data.items.findIndex((r: any) => r.id === top.id);
    const row = () => list.instance.data.items[index];
    expect(row().replyCount).toBe(5);
    expect(row().replies.length).toBeLessThan(5); // the list sends a preview
    expect(reader.text()).toContain('共 5 条回复');
    await reader.tap('#comments >>> .reply-more');
    expect(row().expanded).toBe(true);
    expect(row().replies.map((r: any) => r.content)).toEqual(['第 1 条回复', '第 2 条回复', '第 3 条回复', '第 4 条回复', '第 5 条回复']);
    expect(reader.text()).not.toContain('共 5 条回复');
    expect(app.fake.calls.some((c) => c.action === 'replies' && c.input.commentId === top.id)).toBe(true);
  });

  it('newest first by default; 最热 puts the most liked first', async () => {
    const liked = await post('commenter-other', '被点赞最多的一条');
    await post('commenter-other', '最新但没人点赞');
    for (const fan of ['fan-1', 'fan-2', 'fan-3']) await app.h.ok('comment', 'like', { commentId: liked.id, liked: true }, { openid: fan });
    const { reader, list } = await openList();
    // The pinned comment stays on top in both orders; the rest follow the chosen order.
    const firstUnpinned = () => list.instance.data.items.find((r: any) => !r.pinned).content;
    expect(list.instance.data.items[0].pinned).toBe(true);
    expect(firstUnpinned()).toBe('最新但没人点赞');
    await reader.tap('#comments >>> .sort-hot');
    expect(list.instance.data.sort).toBe('hot');
    expect(firstUnpinned()).toBe('被点赞最多的一条');
    expect(app.fake.calls.at(-1)).toMatchObject({ action: 'list', input: { sort: 'hot' } });
    await reader.tap('#comments >>> .sort-newest');
    expect(firstUnpinned()).toBe('最新但没人点赞');
  });
});
