import { createHarness, type Harness } from '../support/harness';
import { grant, insertArticle, insertColumn, insertUser } from '../support/fixtures';
import { snapshot } from '../support/snapshot';
import { REVIEW_MARKER } from '../../server/adapters/moderation/word-list';
import type { Moderation } from '../../server/ports/moderation';

/**
 * Comments as learners see them: who may read and write, moderation outcomes, plain-text
 * content, the rate limit, one-level replies, likes, and bad input that changes nothing.
 */
const TABLES = ['comments', 'likes', 'users', 'audit_log'];

describe('comment function', () => {
  let h: Harness;
  let now: Date;
  let column: number;
  let free: number;
  let free2: number;
  let paid: number;
  let draft: number;
  let scheduled: number;
  let seq = 0;
  /** A fresh learner per test keeps the per-user rate limit out of unrelated tests. */
  const learner = async () => {
    seq += 1;
    const openid = `learner-${seq}`;
    const id = await insertUser(h.db, now, openid);
    await h
      .db('users')
      .where({ id })
      .update({ nickname: `学员${seq}`, avatar: `https://img.example/${seq}.png` });
    return { openid, id, as: { openid } };
  };
  const post = (as: { openid: string }, articleId: number, content: string, parentId?: number) =>
    h.ok('comment', 'create', { articleId, content, ...(parentId ? { parentId } : {}) }, as);

  beforeAll(async () => {
    h = await createHarness();
    now = h.clock.now();
    column = await insertColumn(h.db, now, { title: '专栏' });
    free = await insertArticle(h.db, now, column, { title: '免费', is_free: true });
    free2 = await insertArticle(h.db, now, column, { title: '免费二', is_free: true, sort: 1 });
    paid = await insertArticle(h.db, now, column, { title: '付费', sort: 2 });
    draft = await insertArticle(h.db, now, column, { title: '草稿', status: 'draft', is_free: true });
    scheduled = await insertArticle(h.db, now, column, { title: '定时', is_free: true, publish_at: new Date(now.getTime() + 86400_000) });
  });
  afterAll(() => h.close());
  // Each test starts a minute after the previous one, so earlier posts never count toward a rate limit.
  beforeEach(() => {
    h.clock.advanceSec(120);
    now = h.clock.now();
  });

  describe('reading and writing', () => {
    it('a learner comments on a free article and everyone can read it, without any openid', async () => {
      const a = await learner();
      const created = await post(a.as, free, '讲得很清楚');
      expect(created).toEqual({
        id: expect.any(Number),
        articleId: free,
        parentId: null,
        content: '讲得很清楚',
        user: { nickname: a.openid.replace('learner-', '学员'), avatar: expect.stringContaining('img.example') },
        likeCount: 0,
        liked: false,
        pinned: false,
        isAuthorReply: false,
        status: 'published',
        createdAt: now.toISOString(),
        mine: true,
        replies: [],
        replyCount: 0,
      });
      const anon = await h.ok('comment', 'list', { articleId: free });
      const item = anon.items.find((c: any) => c.id === created.id);
      expect(item).toMatchObject({ content: '讲得很清楚', mine: false, liked: false });
      expect(JSON.stringify(anon)).not.toContain(a.openid);
      expect(JSON.stringify(created)).not.toContain(a.openid);
    });

    it('anonymous callers can read but not write', async () => {
      const before = await snapshot(h.db, TABLES);
      await h.fails('UNAUTHENTICATED', 'comment', 'create', { articleId: free, content: '匿名' });
      await h.fails('UNAUTHENTICATED', 'comment', 'like', { commentId: 1, liked: true });
      await h.fails('UNAUTHENTICATED', 'comment', 'delete', { commentId: 1 });
      expect(await snapshot(h.db, TABLES)).toEqual(before);
    });

    it('a paid article takes access to comment on (the one access decision), not to read its comments', async () => {
      const reader = await learner();
      const before = await snapshot(h.db, TABLES);
      const error = await h.fails('FORBIDDEN', 'comment', 'create', { articleId: paid, content: '想看全文' }, reader.as);
      expect(error.message).toContain('购买');
      expect(await snapshot(h.db, TABLES)).toEqual(before);

      const buyer = await learner();
      await grant(h.db, now, buyer.id, 'column', column);
      const created = await post(buyer.as, paid, '买了不亏');
      expect(created.status).toBe('published');
      const seen = await h.ok('comment', 'list', { articleId: paid }, reader.as);
      expect(seen.items.map((c: any) => c.id)).toContain(created.id);

      const lapsed = await learner();
      await grant(h.db, now, lapsed.id, 'membership', 1, { expires_at: new Date(now.getTime() - 1000) });
      await h.fails('FORBIDDEN', 'comment', 'create', { articleId: paid, content: '会员过期了' }, lapsed.as);
    });

    it('unknown, draft and not-yet-released articles do not exist', async () => {
      const a = await learner();
      const before = await snapshot(h.db, TABLES);
      for (const articleId of [draft, scheduled, 999999]) {
        await h.fails('NOT_FOUND', 'comment', 'list', { articleId });
        await h.fails('NOT_FOUND', 'comment', 'create', { articleId, content: '你好' }, a.as);
      }
      expect(await snapshot(h.db, TABLES)).toEqual(before);
    });
    it('an archived column’s comments are there only for its owners; an unpublished article’s for no one', async () => {
      const archived = await insertColumn(h.db, now, { title: '归档', status: 'archived' });
      const art = await insertArticle(h.db, now, archived, { is_free: false });
      const owner = await learner();
      await grant(h.db, now, owner.id, 'column', archived);
      const created = await post(owner.as, art, '老读者的评论');
      await h.fails('NOT_FOUND', 'comment', 'list', { articleId: art });
      expect((await h.ok('comment', 'list', { articleId: art }, owner.as)).items.map((c: any) => c.id)).toEqual([created.id]);

      const fan = await learner();
      const later = await post(owner.as, free2, '文章下架前的评论');
      await h.db('articles').where({ id: free2 }).update({ status: 'draft' });
      try {
        await h.fails('NOT_FOUND', 'comment', 'list', { articleId: free2 });
        await h.fails('NOT_FOUND', 'comment', 'like', { commentId: later.id, liked: true }, fan.as);
        await h.fails('NOT_FOUND', 'comment', 'replies', { commentId: later.id });
      } finally {
        await h.db('articles').where({ id: free2 }).update({ status: 'published' });
      }
    });
  });
  it('a free article in an archived column follows the reading rule: gone for non-owners, there for owners', async () => {
    const archived = await insertColumn(h.db, now, { title: '归档免费', status: 'archived' });
    const art = await insertArticle(h.db, now, archived, { is_free: true });
    const owner = await learner();
    const stranger = await learner();
    await grant(h.db, now, owner.id, 'column', archived);
    const created = await post(owner.as, art, '老读者在免费文章下的评论');
    const before = await snapshot(h.db, TABLES);
    await h.fails('NOT_FOUND', 'access', 'article', { articleId: art }, stranger.as);
    await h.fails('NOT_FOUND', 'comment', 'list', { articleId: art });
    await h.fails('NOT_FOUND', 'comment', 'list', { articleId: art }, stranger.as);
    await h.fails('NOT_FOUND', 'comment', 'create', { articleId: art, content: '路过' }, stranger.as);
    await h.fails('NOT_FOUND', 'comment', 'replies', { commentId: created.id }, stranger.as);
    await h.fails('NOT_FOUND', 'comment', 'like', { commentId: created.id, liked: true }, stranger.as);
    expect(await snapshot(h.db, TABLES)).toEqual(before);
    expect((await h.ok('comment', 'list', { articleId: art }, owner.as)).items.map((c: any) => c.id)).toEqual([created.id]);
  });

  describe('moderation', () => {
    it('review: pending, seen only by its author (marked pending), not by others', async () => {
      const a = await learner();
      const b = await learner();
      const created = await post(a.as, free2, `有个问题想请教 ${REVIEW_MARKER}`);
      expect(created.status).toBe('pending');
      const row = await h.db('comments').where({ id: created.id }).first();
      expect(row).toMatchObject({ status: 'pending', moderation: 'review' });
      const own = await h.ok('comment', 'list', { articleId: free2 }, a.as);
      expect(own.items.find((c: any) => c.id === created.id)).toMatchObject({ status: 'pending', mine: true });
      for (const as of [b.as, undefined]) {
        const other = await h.ok('comment', 'list', { articleId: free2 }, as);
        expect(other.items.map((c: any) => c.id)).not.toContain(created.id);
      }
    });

    it('risky: CONTENT_REJECTED, nothing published; the attempt is kept as rejected for the CMS and shown to no learner', async () => {
      const a = await learner();
      const publishedBefore = await h.db('comments').where({ status: 'published' }).count('* as n').first();
      const error = await h.fails('CONTENT_REJECTED', 'comment', 'create', { articleId: free2, content: '你就是个傻逼' }, a.as);
      expect(error.message).toContain('审核');
      const rows = await h.db('comments').where({ user_id: a.id });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ status: 'rejected', moderation: 'risky' });
      expect(await h.db('comments').where({ status: 'published' }).count('* as n').first()).toEqual(publishedBefore);
      const own = await h.ok('comment', 'list', { articleId: free2 }, a.as);
      expect(own.items.map((c: any) => c.content)).not.toContain('你就是个傻逼');
    });

    it('an outage never publishes unchecked text: the comment waits as pending', async () => {
      const a = await learner();
      const saved = h.deps.moderation;
      h.deps.moderation = {
        check: async () => {
          throw new Error('connect ETIMEDOUT');
        },
      } satisfies Moderation;
      try {
        const created = await post(a.as, free2, '网络不好的时候发的评论');
        expect(created.status).toBe('pending');
        expect(await h.db('comments').where({ id: created.id }).first()).toMatchObject({ status: 'pending', moderation: 'error' });
        expect(h.log.lines.some((l) => l.event === 'moderation.unavailable')).toBe(true);
      } finally {
        h.deps.moderation = saved;
      }
    });

    it('asks moderation with scene 2 and the caller’s platform openid', async () => {
      const a = await learner();
      const saved = h.deps.moderation;
      const seen: unknown[] = [];
      h.deps.moderation = {
        check: async (req) => {
          seen.push(req);
          return 'pass';
        },
      };
      try {
        await post(a.as, free2, '  审核看到的是清理后的文本\u0000  ');
      } finally {
        h.deps.moderation = saved;
      }
      expect(seen).toEqual([{ content: '审核看到的是清理后的文本', openid: a.openid, scene: 2 }]);
    });
  });

  describe('content is plain text', () => {
    it('html and script payloads are stored and returned as the literal, inert text', async () => {
      const a = await learner();
      const payload = '<script>alert("x")</script><img src=x onerror=alert(1)> & <b>粗</b>';
      const created = await post(a.as, free, payload);
      expect(created.content).toBe(payload);
      expect((await h.db('comments').where({ id: created.id }).first()).content).toBe(payload);
      const listed = (await h.ok('comment', 'list', { articleId: free })).items.find((c: any) => c.id === created.id);
      expect(listed.content).toBe(payload);
      // No field carries markup made from the comment: there is no html rendering of comments at all.
      expect(Object.keys(listed)).not.toContain('html');
      expect(Object.keys(listed).filter((k) => /html/i.test(k))).toEqual([]);
    });

    it('control characters are stripped and surrounding whitespace trimmed', async () => {
      const a = await learner();
      const created = await post(a.as, free, '\u0000  第一行\r\n第二行\u0007\u202E  \t');
      expect(created.content).toBe('第一行\n第二行');
    });

    it.each([
      ['empty', ''],
      ['whitespace only', ' \n\t\u3000 '.replace('\u3000', ' ')],
      ['invisible only', '\u200b\u0000\u0007'],
      ['oversized', '长'.repeat(1001)],
      ['far oversized', 'x'.repeat(100_000)],
      ['not a string', 42],
      ['html object', { html: '<b>x</b>' }],
    ])('%s content → INVALID_INPUT naming content, nothing stored', async (_label, content) => {
      const a = await learner();
      const before = await snapshot(h.db, TABLES);
      const error = await h.fails('INVALID_INPUT', 'comment', 'create', { articleId: free, content }, a.as);
      expect(error.details.map((d: any) => d.field)).toContain('content');
      expect(await snapshot(h.db, TABLES)).toEqual(before);
    });

    it('exactly 1000 characters (after trimming) is accepted', async () => {
      const a = await learner();
      const created = await post(a.as, free, `  ${'好'.repeat(1000)}  `);
      expect([...created.content]).toHaveLength(1000);
    });
  });

  describe('rate limit', () => {
    it('5 comments a minute per learner; the 6th is RATE_LIMITED and stores nothing; a minute later it works', async () => {
      const a = await learner();
      for (let i = 0; i < 5; i += 1) {
        await post(a.as, free2, `第${i + 1}条`);
        h.clock.advanceSec(1);
      }
      const before = await snapshot(h.db, TABLES);
      await h.fails('RATE_LIMITED', 'comment', 'create', { articleId: free2, content: '第6条' }, a.as);
      expect(await snapshot(h.db, TABLES)).toEqual(before);
      // Someone else is not affected.
      const b = await learner();
      await post(b.as, free2, '我不受影响');
      h.clock.advanceSec(56);
      await post(a.as, free2, '一分钟后可以了');
    });

    it('rejected attempts count toward the limit', async () => {
      const a = await learner();
      for (let i = 0; i < 5; i += 1)
        await h.fails('CONTENT_REJECTED', 'comment', 'create', { articleId: free2, content: `傻逼${i}` }, a.as);
      await h.fails('RATE_LIMITED', 'comment', 'create', { articleId: free2, content: '正常评论' }, a.as);
    });
  });

  describe('replies (one level deep)', () => {
    it('a reply is nested under its parent with a reply count; `replies` pages through all of them', async () => {
      const a = await learner();
      const parent = await post(a.as, free2, '一级评论');
      const repliers = [await learner(), await learner()];
      const replies = [];
      for (let i = 0; i < 5; i += 1) {
        h.clock.advanceSec(1);
        replies.push(await post(repliers[i % 2].as, free2, `回复${i}`, parent.id));
      }
      expect(replies[0]).toMatchObject({ parentId: parent.id, status: 'published' });
      expect(replies[0]).not.toHaveProperty('replies');

      const listed = (await h.ok('comment', 'list', { articleId: free2 })).items;
      expect(listed.map((c: any) => c.id)).not.toContain(replies[0].id); // replies are not top-level items
      const item = listed.find((c: any) => c.id === parent.id);
      expect(item.replyCount).toBe(5);
      expect(item.replies.map((r: any) => r.content)).toEqual(['回复0', '回复1', '回复2']);

      const page1 = await h.ok('comment', 'replies', { commentId: parent.id, limit: 2 });
      expect(page1.items.map((r: any) => r.content)).toEqual(['回复0', '回复1']);
      const page2 = await h.ok('comment', 'replies', { commentId: parent.id, limit: 2, cursor: page1.nextCursor });
      const page3 = await h.ok('comment', 'replies', { commentId: parent.id, limit: 2, cursor: page2.nextCursor });
      expect([...page2.items, ...page3.items].map((r: any) => r.content)).toEqual(['回复2', '回复3', '回复4']);
      expect(page3.nextCursor).toBeNull();
    });

    it('parentId must be a published top-level comment of the same article', async () => {
      const a = await learner();
      const other = await post(a.as, free, '别的文章的评论');
      const top = await post(a.as, free2, '一级');
      const reply = await post(a.as, free2, '二级', top.id);
      const pendingTop = await post(a.as, free2, `待审 ${REVIEW_MARKER}`);
      const b = await learner();
      const before = await snapshot(h.db, TABLES);
      for (const parentId of [other.id, reply.id, pendingTop.id, 999999]) {
        const error = await h.fails('INVALID_INPUT', 'comment', 'create', { articleId: free2, content: '回复', parentId }, b.as);
        expect(error.details).toEqual([{ field: 'parentId', message: expect.any(String) }]);
      }
      expect(await snapshot(h.db, TABLES)).toEqual(before);
    });

    it('replies of a deleted comment disappear with it', async () => {
      const a = await learner();
      const top = await post(a.as, free2, '将被删除');
      const b = await learner();
      await post(b.as, free2, '回复它', top.id);
      await h.ok('comment', 'delete', { commentId: top.id }, a.as);
      await h.fails('NOT_FOUND', 'comment', 'replies', { commentId: top.id });
    });
  });

  describe('ordering and paging', () => {
    it('pinned first, then newest or most liked, paged by cursor', async () => {
      const col = await insertColumn(h.db, now, { title: '排序专栏' });
      const art = await insertArticle(h.db, now, col, { is_free: true });
      const writers = [await learner(), await learner(), await learner(), await learner()];
      const ids: number[] = [];
      for (const w of writers) {
        h.clock.advanceSec(1);
        ids.push((await post(w.as, art, `评论${ids.length}`)).id);
      }
      // ids[0] oldest … ids[3] newest. Likes: ids[1] ×3, ids[2] ×1. Pin the oldest.
      for (let i = 0; i < 3; i += 1) await h.ok('comment', 'like', { commentId: ids[1], liked: true }, writers[i].as);
      await h.ok('comment', 'like', { commentId: ids[2], liked: true }, writers[0].as);
      await h.db('comments').where({ id: ids[0] }).update({ pinned: true });

      const newest = await h.ok('comment', 'list', { articleId: art });
      expect(newest.items.map((c: any) => c.id)).toEqual([ids[0], ids[3], ids[2], ids[1]]);
      expect(newest.items[0].pinned).toBe(true);
      const hot = await h.ok('comment', 'list', { articleId: art, sort: 'hot' }, writers[0].as);
      expect(hot.items.map((c: any) => c.id)).toEqual([ids[0], ids[1], ids[2], ids[3]]);
      expect(hot.items.map((c: any) => c.liked)).toEqual([false, true, true, false]);
      expect(hot.items[1].likeCount).toBe(3);

      for (const sort of ['newest', 'hot']) {
        const all = (await h.ok('comment', 'list', { articleId: art, sort })).items.map((c: any) => c.id);
        const paged: number[] = [];
        let cursor: string | undefined;
        do {
          const page = await h.ok('comment', 'list', { articleId: art, sort, limit: 1, ...(cursor ? { cursor } : {}) });
          paged.push(...page.items.map((c: any) => c.id));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        expect(paged).toEqual(all);
      }

      const first = await h.ok('comment', 'list', { articleId: art, sort: 'hot', limit: 1 });
      const error = await h.fails('INVALID_INPUT', 'comment', 'list', { articleId: art, sort: 'newest', cursor: first.nextCursor });
      expect(error.details[0].field).toBe('cursor');
    });
  });

  describe('delete', () => {
    it('the author soft-deletes; others get FORBIDDEN; a second delete is NOT_FOUND; nothing else changes', async () => {
      const a = await learner();
      const b = await learner();
      const created = await post(a.as, free, '我要删掉这条');
      const before = await snapshot(h.db, TABLES);
      const error = await h.fails('FORBIDDEN', 'comment', 'delete', { commentId: created.id }, b.as);
      expect(error.message).toContain('自己');
      expect(await snapshot(h.db, TABLES)).toEqual(before);

      await expect(h.ok('comment', 'delete', { commentId: created.id }, a.as)).resolves.toEqual({ deleted: true });
      expect(await h.db('comments').where({ id: created.id }).first()).toMatchObject({ status: 'deleted', content: '我要删掉这条' });
      const listed = await h.ok('comment', 'list', { articleId: free }, a.as);
      expect(listed.items.map((c: any) => c.id)).not.toContain(created.id);

      const afterDelete = await snapshot(h.db, TABLES);
      await h.fails('NOT_FOUND', 'comment', 'delete', { commentId: created.id }, a.as);
      await h.fails('NOT_FOUND', 'comment', 'delete', { commentId: 999999 }, a.as);
      expect(await snapshot(h.db, TABLES)).toEqual(afterDelete);
    });

    it('a caller who never used the product cannot delete anything (and gets no user row for trying)', async () => {
      const a = await learner();
      const created = await post(a.as, free, '别人的');
      const before = await snapshot(h.db, TABLES);
      await h.fails('FORBIDDEN', 'comment', 'delete', { commentId: created.id }, { openid: 'brand-new-user' });
      expect(await snapshot(h.db, TABLES)).toEqual(before);
    });
  });

  describe('like', () => {
    it('is idempotent both ways and reports the exact count', async () => {
      const a = await learner();
      const b = await learner();
      const created = await post(a.as, free, '点赞我');
      expect(await h.ok('comment', 'like', { commentId: created.id, liked: true }, b.as)).toEqual({ likeCount: 1, liked: true });
      expect(await h.ok('comment', 'like', { commentId: created.id, liked: true }, b.as)).toEqual({ likeCount: 1, liked: true });
      expect(await h.ok('comment', 'like', { commentId: created.id, liked: true }, a.as)).toEqual({ likeCount: 2, liked: true });
      expect(await h.ok('comment', 'like', { commentId: created.id, liked: false }, b.as)).toEqual({ likeCount: 1, liked: false });
      expect(await h.ok('comment', 'like', { commentId: created.id, liked: false }, b.as)).toEqual({ likeCount: 1, liked: false });
      expect(await h.db('likes').where({ target_type: 'comment', target_id: created.id }).count('* as n').first()).toEqual({ n: 1 });
      const listed = (await h.ok('comment', 'list', { articleId: free }, a.as)).items.find((c: any) => c.id === created.id);
      expect(listed).toMatchObject({ likeCount: 1, liked: true });
    });

    it('a deleted, pending or unknown comment cannot be liked, and nothing changes', async () => {
      const a = await learner();
      const b = await learner();
      const gone = await post(a.as, free, '会被删除');
      await h.ok('comment', 'delete', { commentId: gone.id }, a.as);
      const pending = await post(a.as, free, `待审 ${REVIEW_MARKER}`);
      const before = await snapshot(h.db, TABLES);
      for (const commentId of [gone.id, pending.id, 999999]) {
        await h.fails('NOT_FOUND', 'comment', 'like', { commentId, liked: true }, b.as);
      }
      expect(await snapshot(h.db, TABLES)).toEqual(before);
    });
  });

  describe('bad input', () => {
    it.each([
      ['list: missing articleId', 'list', {}],
      ['list: string articleId', 'list', { articleId: '1' }],
      ['list: negative articleId', 'list', { articleId: -1 }],
      ['list: unknown sort', 'list', { articleId: 1, sort: 'random' }],
      ['list: limit too big', 'list', { articleId: 1, limit: 500 }],
      ['list: malformed cursor', 'list', { articleId: 1, cursor: 'not a cursor!' }],
      ['list: garbage cursor', 'list', { articleId: 1, cursor: 'Zm9v' }],
      [
        'list: hand-made cursor with a text time',
        'list',
        { articleId: 1, cursor: Buffer.from(JSON.stringify(['n', 0, 'yesterday', 1])).toString('base64url') },
      ],
      [
        'replies: hand-made cursor with a text id',
        'replies',
        { commentId: 1, cursor: Buffer.from(JSON.stringify([0, 'x'])).toString('base64url') },
      ],
      ['create: missing content', 'create', { articleId: 1 }],
      ['create: fractional parentId', 'create', { articleId: 1, content: 'x', parentId: 1.5 }],
      ['create: openid smuggled in the event', 'create', { articleId: 1, content: 'x', openid: 'someone-else' }],
      ['create: status smuggled in the event', 'create', { articleId: 1, content: 'x', status: 'published' }],
      ['delete: missing id', 'delete', {}],
      ['like: missing liked', 'like', { commentId: 1 }],
      ['like: liked as string', 'like', { commentId: 1, liked: 'true' }],
      ['replies: huge id', 'replies', { commentId: 2 ** 40 }],
    ])('%s → INVALID_INPUT, nothing changed', async (_label, action, input) => {
      const a = await learner();
      const before = await snapshot(h.db, TABLES);
      const error = await h.fails('INVALID_INPUT', 'comment', action, input as Record<string, unknown>, a.as);
      expect(error.details.length).toBeGreaterThan(0);
      expect(await snapshot(h.db, TABLES)).toEqual(before);
    });
  });
});
