import { createHarness, type Harness } from '../../support/harness';
import { insertArticle, insertColumn, insertUser } from '../../support/fixtures';
import { snapshot } from '../../support/snapshot';
import * as comments from '../../../server/domain/comments';
import { serviceContext } from '../../support/service-context';

/**
 * The creator-side services the admin CMS calls (after its own session and role checks): the
 * queue, approve/reject, author replies, pin/unpin, delete — each change audited.
 */
describe('creator comment services', () => {
  let h: Harness;
  let now: Date;
  let adminId: number;
  let articleId: number;
  let otherArticleId: number;
  let learnerId: number;
  const TABLES = ['comments', 'audit_log'];

  const c = () => serviceContext(h, { adminId });
  const insertComment = async (over: Record<string, unknown> = {}) => {
    const [id] = await h.db('comments').insert({
      article_id: articleId,
      user_id: learnerId,
      parent_id: null,
      content: '学员评论',
      status: 'published',
      moderation: 'pass',
      pinned: false,
      is_author_reply: false,
      like_count: 0,
      created_at: h.clock.now(),
      updated_at: h.clock.now(),
      ...over,
    });
    h.clock.advanceSec(1);
    return Number(id);
  };
  const audits = (commentId: number) =>
    h
      .db('audit_log')
      .where({ target_type: 'comment', target_id: String(commentId) })
      .orderBy('id');
  const rejects = async (promise: Promise<unknown>, code: string) => {
    await expect(promise).rejects.toMatchObject({ code });
  };

  beforeAll(async () => {
    h = await createHarness();
    now = h.clock.now();
    const [id] = await h.db('admins').insert({
      username: 'editor1',
      password_hash: 'x',
      role: 'editor',
      status: 'active',
      failed_logins: 0,
      created_at: now,
      updated_at: now,
    });
    adminId = Number(id);
    const column = await insertColumn(h.db, now);
    articleId = await insertArticle(h.db, now, column, { title: '被评论的文章', is_free: true });
    otherArticleId = await insertArticle(h.db, now, column, { title: '另一篇', is_free: true });
    learnerId = await insertUser(h.db, now, 'creator-test-learner');
  });
  afterAll(() => h.close());

  it('lists by status and article, newest first, with paging, article title and the machine verdict', async () => {
    const pendingA = await insertComment({ status: 'pending', moderation: 'review', content: '待审A' });
    const pendingB = await insertComment({ status: 'pending', moderation: 'error', content: '待审B', article_id: otherArticleId });
    await insertComment({ status: 'published', content: '已发布' });

    const queue = await comments.listForCreator(h.db, { status: 'pending', limit: 20 });
    expect(queue.items.map((i) => i.id)).toEqual([pendingB, pendingA]);
    expect(queue.items[1]).toMatchObject({
      articleId,
      articleTitle: '被评论的文章',
      content: '待审A',
      status: 'pending',
      moderation: 'review',
      user: { id: learnerId, nickname: 'creator-test-learner', avatar: '' },
    });
    expect(JSON.stringify(queue)).not.toContain('openid');

    const onArticle = await comments.listForCreator(h.db, { status: 'pending', articleId, limit: 20 });
    expect(onArticle.items.map((i) => i.id)).toEqual([pendingA]);

    const first = await comments.listForCreator(h.db, { status: 'pending', limit: 1 });
    const second = await comments.listForCreator(h.db, { status: 'pending', limit: 1, cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((i) => i.id)).toEqual([pendingB, pendingA]);

    const counts = await comments.countByStatus(h.db, { articleId });
    expect(counts.pending).toBe(1);
    expect(counts.published).toBeGreaterThanOrEqual(1);
    expect(counts).toHaveProperty('deleted');
  });

  it('approve publishes a pending comment, reject takes one down; each writes who, what, before and after', async () => {
    const id = await insertComment({ status: 'pending', moderation: 'review' });
    const approved = await comments.moderateComment(c(), { commentId: id, status: 'published' });
    expect(approved.status).toBe('published');
    const rejected = await comments.moderateComment(c(), { commentId: id, status: 'rejected' });
    expect(rejected.status).toBe('rejected');

    const log = await audits(id);
    expect(log.map((l) => l.action)).toEqual(['comment.approve', 'comment.reject']);
    expect(log[0]).toMatchObject({ admin_id: adminId, target_type: 'comment', target_id: String(id) });
    expect(JSON.parse(log[0].before_json)).toEqual({ status: 'pending' });
    expect(JSON.parse(log[0].after_json)).toEqual({ status: 'published' });
    expect(JSON.parse(log[1].before_json)).toEqual({ status: 'published' });
  });

  it('an approved comment appears to learners; a rejected one disappears', async () => {
    const id = await insertComment({ status: 'pending', content: '等审核的评论' });
    const seen = async () => (await h.ok('comment', 'list', { articleId, limit: 50 })).items.map((i: any) => i.id);
    expect(await seen()).not.toContain(id);
    await comments.moderateComment(c(), { commentId: id, status: 'published' });
    expect(await seen()).toContain(id);
    await comments.moderateComment(c(), { commentId: id, status: 'rejected' });
    expect(await seen()).not.toContain(id);
  });

  it('setting the status a comment already has changes nothing and is not audited', async () => {
    const id = await insertComment({ status: 'published' });
    const before = await snapshot(h.db, TABLES);
    await comments.moderateComment(c(), { commentId: id, status: 'published' });
    expect(await snapshot(h.db, TABLES)).toEqual(before);
  });

  it('an author reply is published at once, marked as the author’s, and shown under its comment', async () => {
    const parent = await insertComment({ content: '老师，这里没看懂' });
    const reply = await comments.replyAsAuthor(c(), { commentId: parent, content: '  第三节有详细推导。 ' });
    expect(reply).toMatchObject({
      parentId: parent,
      isAuthorReply: true,
      adminId,
      user: null,
      status: 'published',
      moderation: 'author',
      content: '第三节有详细推导。',
    });
    const [entry] = await audits(reply.id);
    expect(entry).toMatchObject({ action: 'comment.reply', admin_id: adminId });
    expect(JSON.parse(entry.after_json)).toMatchObject({ parentId: parent, content: '第三节有详细推导。' });

    // Replying to a learner's reply answers in the same thread (threads are one level deep).
    const learnerReply = await insertComment({ parent_id: parent, content: '我也没看懂' });
    const second = await comments.replyAsAuthor(c(), { commentId: learnerReply, content: '看第三节' });
    expect(second.parentId).toBe(parent);

    const listed = (await h.ok('comment', 'list', { articleId, limit: 50 })).items.find((i: any) => i.id === parent);
    expect(listed.replyCount).toBe(3);
    // Author replies lead the preview.
    expect(listed.replies.slice(0, 2).map((r: any) => r.isAuthorReply)).toEqual([true, true]);
    expect(listed.replies[0].user).toEqual({ nickname: '作者', avatar: '' });
  });

  it('pin puts a comment first; unpin restores the order; both audited', async () => {
    const old = await insertComment({ content: '最早的好评论' });
    await insertComment({ content: '更新的评论' });
    await comments.setPinned(c(), { commentId: old, pinned: true });
    const first = async () => (await h.ok('comment', 'list', { articleId, limit: 1 })).items[0];
    expect(await first()).toMatchObject({ id: old, pinned: true });
    await comments.setPinned(c(), { commentId: old, pinned: false });
    expect((await first()).id).not.toBe(old);
    expect((await audits(old)).map((l) => l.action)).toEqual(['comment.pin', 'comment.unpin']);
  });

  it('delete soft-deletes with an audit entry', async () => {
    const id = await insertComment({ status: 'pending' });
    await expect(comments.deleteAsCreator(c(), { commentId: id })).resolves.toEqual({ deleted: true });
    expect(await h.db('comments').where({ id }).first()).toMatchObject({ status: 'deleted', content: '学员评论' });
    const [entry] = await audits(id);
    expect(entry).toMatchObject({ action: 'comment.delete', admin_id: adminId });
    expect(JSON.parse(entry.before_json)).toEqual({ status: 'pending' });
  });

  describe('refused actions change nothing', () => {
    it.each([
      ['moderate an unknown comment', () => comments.moderateComment(c(), { commentId: 999999, status: 'published' }), 'NOT_FOUND'],
      ['reply to an unknown comment', () => comments.replyAsAuthor(c(), { commentId: 999999, content: '你好' }), 'NOT_FOUND'],
      ['pin an unknown comment', () => comments.setPinned(c(), { commentId: 999999, pinned: true }), 'NOT_FOUND'],
      ['delete an unknown comment', () => comments.deleteAsCreator(c(), { commentId: 999999 }), 'NOT_FOUND'],
    ])('%s → %s', async (_label, run, code) => {
      const before = await snapshot(h.db, TABLES);
      await rejects(run(), code);
      expect(await snapshot(h.db, TABLES)).toEqual(before);
    });

    it('a deleted comment cannot be approved, replied to, pinned or deleted again', async () => {
      const id = await insertComment({ status: 'deleted' });
      const before = await snapshot(h.db, TABLES);
      await rejects(comments.moderateComment(c(), { commentId: id, status: 'published' }), 'CONFLICT');
      await rejects(comments.replyAsAuthor(c(), { commentId: id, content: '回复' }), 'CONFLICT');
      await rejects(comments.setPinned(c(), { commentId: id, pinned: true }), 'CONFLICT');
      await rejects(comments.deleteAsCreator(c(), { commentId: id }), 'NOT_FOUND');
      expect(await snapshot(h.db, TABLES)).toEqual(before);
    });

    it('only published top-level comments can be pinned', async () => {
      const parent = await insertComment();
      const reply = await insertComment({ parent_id: parent });
      const pending = await insertComment({ status: 'pending' });
      const before = await snapshot(h.db, TABLES);
      await rejects(comments.setPinned(c(), { commentId: reply, pinned: true }), 'CONFLICT');
      await rejects(comments.setPinned(c(), { commentId: pending, pinned: true }), 'CONFLICT');
      expect(await snapshot(h.db, TABLES)).toEqual(before);
    });

    it.each([
      ['empty', ''],
      ['whitespace only', '   '],
      ['oversized', '字'.repeat(1001)],
    ])('an author reply with %s content → INVALID_INPUT', async (_label, content) => {
      const parent = await insertComment();
      const before = await snapshot(h.db, TABLES);
      await rejects(comments.replyAsAuthor(c(), { commentId: parent, content }), 'INVALID_INPUT');
      expect(await snapshot(h.db, TABLES)).toEqual(before);
    });

    it('author replies are plain text too', async () => {
      const parent = await insertComment();
      const reply = await comments.replyAsAuthor(c(), { commentId: parent, content: '<b>加粗</b><script>x()</script>' });
      expect(reply.content).toBe('<b>加粗</b><script>x()</script>');
    });
  });
});

describe('re-checking comments a moderation outage left pending', () => {
  let h: Harness;
  let articleId: number;
  beforeAll(async () => {
    h = await createHarness();
    const now = h.clock.now();
    const column = await insertColumn(h.db, now);
    articleId = await insertArticle(h.db, now, column, { is_free: true });
  });
  afterAll(() => h.close());

  it('publishes what now passes, rejects what is risky, keeps review pending; another outage and old or human-decided ones are left alone', async () => {
    const saved = h.deps.moderation;
    h.deps.moderation = {
      check: async () => {
        throw new Error('ECONNRESET');
      },
    };
    const post = async (openid: string, content: string) => {
      await insertUser(h.db, h.clock.now(), openid);
      return (await h.ok('comment', 'create', { articleId, content }, { openid })).id as number;
    };
    const old = await post('r-old', '很早以前的评论');
    h.clock.advanceSec(3 * 3600);
    const fine = await post('r-fine', '写得好');
    const bad = await post('r-bad', '你就是个傻逼');
    const unsure = await post('r-unsure', '有事加我微信');
    const decided = await post('r-decided', '已被人工处理');
    h.deps.moderation = saved;
    const [adminId] = await h.db('admins').insert({
      username: 'recheck-admin',
      password_hash: 'x',
      role: 'owner',
      status: 'active',
      failed_logins: 0,
      created_at: h.clock.now(),
      updated_at: h.clock.now(),
    });
    await comments.moderateComment(serviceContext(h, { adminId: Number(adminId) }), { commentId: decided, status: 'published' });

    // Still down: nothing changes.
    h.deps.moderation = {
      check: async () => {
        throw new Error('ECONNRESET');
      },
    };
    expect(await comments.recheckUnmoderated(h.deps, { now: h.clock.now(), limit: 50 })).toEqual({
      checked: 0,
      published: 0,
      rejected: 0,
      review: 0,
    });
    h.deps.moderation = saved;

    expect(await comments.recheckUnmoderated(h.deps, { now: h.clock.now(), limit: 50 })).toEqual({
      checked: 3,
      published: 1,
      rejected: 1,
      review: 1,
    });
    const status = async (id: number) => h.db('comments').where({ id }).first('status', 'moderation');
    expect(await status(fine)).toEqual({ status: 'published', moderation: 'pass' });
    expect(await status(bad)).toEqual({ status: 'rejected', moderation: 'risky' });
    expect(await status(unsure)).toEqual({ status: 'pending', moderation: 'review' });
    expect(await status(old)).toEqual({ status: 'pending', moderation: 'error' });
    expect(await status(decided)).toMatchObject({ status: 'published' });
    const audit = await h.db('audit_log').where({ action: 'comment.recheck' }).orderBy('id');
    expect(audit.map((a) => [a.admin_id, a.target_id])).toEqual([
      [null, String(fine)],
      [null, String(bad)],
    ]);
  });
});
