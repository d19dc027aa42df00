import { useHarness } from '../support/harness';
import { grant, insertArticle, insertColumn, insertUser, PAID_SECRET } from '../support/fixtures';
import { testDbClient } from '../support/test-db';
import { isUploadedAvatar } from '../../server/domain/users/profile';

/**
 * The learner's own corner: profile, membership status, library, favorites and likes.
 * Every action needs a learner; identity comes from the platform context only.
 */
describe('user function', () => {
  const h = useHarness();
  let now: Date;
  let columnId: number;
  let articles: number[];
  let draft: number;
  const DAY = 86400_000;

  beforeAll(async () => {
    now = h.clock.now();
    columnId = await insertColumn(h.db, now, { title: '专栏甲' });
    articles = [];
    for (let i = 0; i < 5; i++)
      articles.push(await insertArticle(h.db, now, columnId, { title: `文章${i}`, sort: i, audio_file_id: `media/a/${i}.wav` }));
    draft = await insertArticle(h.db, now, columnId, { status: 'draft', publish_at: null });
    await h
      .db('membership_plans')
      .insert({ name: '年度会员', duration_days: 365, price_fen: 19800, status: 'active', sort: 0, created_at: now, updated_at: now });
  }, 60000);

  const snapshot = async () =>
    JSON.stringify(await Promise.all(['users', 'favorites', 'likes'].map((t) => h.db(t).select()))) +
    JSON.stringify(await h.db('articles').select('id', 'like_count').orderBy('id'));

  it('every action requires a learner', async () => {
    for (const [action, input] of [
      ['me', {}],
      ['updateProfile', { nickname: 'x' }],
      ['purchases', {}],
      ['favorite', { articleId: articles[0], favorited: true }],
      ['favorites', {}],
      ['likeArticle', { articleId: articles[0], liked: true }],
    ] as const) {
      await h.fails('UNAUTHENTICATED', 'user', action, input);
    }
  });

  describe('me and membership', () => {
    it('a new learner: empty profile, no membership', async () => {
      expect(await h.ok('user', 'me', {}, { openid: 'fresh' })).toEqual({
        nickname: '',
        avatar: '',
        membership: { active: false, expiresAt: null },
      });
    });

    it('active membership shows its end; a renewal that starts at that end extends it', async () => {
      const id = await insertUser(h.db, now, 'member');
      const end1 = new Date(now.getTime() + 10 * DAY);
      await grant(h.db, now, id, 'membership', 1, { expires_at: end1 });
      expect((await h.ok('user', 'me', {}, { openid: 'member' })).membership).toEqual({ active: true, expiresAt: end1.toISOString() });
      const end2 = new Date(end1.getTime() + 30 * DAY);
      await grant(h.db, now, id, 'membership', 1, { starts_at: end1, expires_at: end2 });
      expect((await h.ok('user', 'me', {}, { openid: 'member' })).membership).toEqual({ active: true, expiresAt: end2.toISOString() });
    });

    it('expiry is checked against the injected clock', async () => {
      const id = await insertUser(h.db, now, 'lapsing');
      const end = new Date(now.getTime() + DAY);
      await grant(h.db, now, id, 'membership', 1, { expires_at: end });
      expect((await h.ok('user', 'me', {}, { openid: 'lapsing' })).membership.active).toBe(true);
      h.clock.set(end);
      expect((await h.ok('user', 'me', {}, { openid: 'lapsing' })).membership).toEqual({ active: false, expiresAt: end.toISOString() });
      h.clock.set(now);
    });

    it('a refunded (revoked) membership is not a membership', async () => {
      const id = await insertUser(h.db, now, 'refunded');
      await grant(h.db, now, id, 'membership', 1, { expires_at: new Date(now.getTime() + DAY), revoked_at: now });
      expect((await h.ok('user', 'me', {}, { openid: 'refunded' })).membership).toEqual({ active: false, expiresAt: null });
    });
  });

  describe('updateProfile', () => {
    it('trims the nickname and stores an uploaded avatar', async () => {
      const me = await h.ok(
        'user',
        'updateProfile',
        { nickname: '  小明  ', avatar: 'media/uploads/avatars/u1.png' },
        { openid: 'profile' },
      );
      expect(me).toEqual({ nickname: '小明', avatar: 'media/uploads/avatars/u1.png', membership: { active: false, expiresAt: null } });
      expect(await h.ok('user', 'me', {}, { openid: 'profile' })).toEqual(me);
    });

    it.each([
      ['a risky nickname', '约炮达人', 'CONTENT_REJECTED'],
      ['a nickname the moderation service wants a human to review', '加我微信领资料', 'CONTENT_REJECTED'],
    ])('%s → %s, nothing saved', async (_label, nickname, code) => {
      await h.ok('user', 'updateProfile', { nickname: '原昵称' }, { openid: 'moderated' });
      const before = await snapshot();
      await h.fails(code, 'user', 'updateProfile', { nickname, avatar: 'media/uploads/avatars/m.png' }, { openid: 'moderated' });
      expect(await snapshot()).toBe(before);
      expect((await h.ok('user', 'me', {}, { openid: 'moderated' })).nickname).toBe('原昵称');
    });

    it('a moderation outage saves no unchecked nickname', async () => {
      const saved = h.deps.moderation;
      h.deps.moderation = { check: async () => Promise.reject(new Error('msgSecCheck timeout')) };
      try {
        await h.ok('user', 'me', {}, { openid: 'outage' });
        const before = await snapshot();
        await h.fails('MODERATION_UNAVAILABLE', 'user', 'updateProfile', { nickname: '新昵称' }, { openid: 'outage' });
        expect(await snapshot()).toBe(before);
      } finally {
        h.deps.moderation = saved;
      }
    });

    it('32 characters are fine', async () => {
      expect((await h.ok('user', 'updateProfile', { nickname: '长'.repeat(32) }, { openid: 'profile' })).nickname).toBe('长'.repeat(32));
    });

    it.each([
      ['nickname over 32 characters', { nickname: '长'.repeat(33) }, 'nickname'],
      ['blank nickname', { nickname: '   ' }, 'nickname'],
      ['nickname not a string', { nickname: 42 }, 'nickname'],
      ['an arbitrary https avatar', { avatar: 'https://evil.example.com/a.png' }, 'avatar'],
      ['a data: avatar', { avatar: 'data:image/png;base64,AAAA' }, 'avatar'],
      ['a cloud file of another env', { avatar: 'cloud://other-env.7072-other-env-1250000000/a.png' }, 'avatar'],
      ['a local path outside uploads', { avatar: 'media/demo/forgetting-curve.wav' }, 'avatar'],
      ['a traversal path', { avatar: 'media/uploads/../../etc/x.png' }, 'avatar'],
      ['oversized avatar', { avatar: 'media/uploads/' + 'a'.repeat(600) + '.png' }, 'avatar'],
      ['forged openid', { nickname: 'x', openid: 'someone-else' }, 'openid'],
    ])('%s → INVALID_INPUT and nothing changes', async (_label, input, field) => {
      await h.ok('user', 'me', {}, { openid: 'profile2' });
      const before = await snapshot();
      const error = await h.fails('INVALID_INPUT', 'user', 'updateProfile', input as Record<string, unknown>, { openid: 'profile2' });
      expect(JSON.stringify(error.details)).toContain(field);
      expect(await snapshot()).toBe(before);
    });

    it('avatar rule: a cloud:// file id of this env, or a local upload; images only', () => {
      const env = 'prod-1a2b';
      expect(isUploadedAvatar('cloud://prod-1a2b.7072-prod-1a2b-1250000000/avatars/u1.jpg', env)).toBe(true);
      expect(isUploadedAvatar('cloud://prod-1a2b.7072-prod-1a2b-1250000000/avatars/u1.jpg', undefined)).toBe(false);
      expect(isUploadedAvatar('cloud://prod-1a2b.7072-prod-1a2b-1250000000/avatars/u1.exe', env)).toBe(false);
      expect(isUploadedAvatar('cloud://evil.7072-evil-1/avatars/u1.jpg', env)).toBe(false);
      expect(isUploadedAvatar('media/uploads/u1.webp', undefined)).toBe(true);
      expect(isUploadedAvatar('http://127.0.0.1:3000/media/uploads/u1.webp', undefined)).toBe(false);
    });
  });

  describe('purchases', () => {
    it('lists titles, sources and expiry, newest first, without refunded items or bodies', async () => {
      const id = await insertUser(h.db, now, 'collector');
      await grant(h.db, new Date(now.getTime() - 3000), id, 'article', articles[0]);
      await grant(h.db, new Date(now.getTime() - 2000), id, 'column', columnId, { source: 'redeem' });
      await grant(h.db, new Date(now.getTime() - 1000), id, 'membership', 1, { expires_at: new Date(now.getTime() + DAY) });
      await grant(h.db, now, id, 'article', articles[1], { revoked_at: now });
      const data = await h.ok('user', 'purchases', {}, { openid: 'collector' });
      expect(data.items.map((i: any) => [i.itemType, i.itemId, i.title, i.source, i.active])).toEqual([
        ['membership', 1, '年度会员', 'grant', true],
        ['column', columnId, '专栏甲', 'redeem', true],
        ['article', articles[0], '文章0', 'grant', true],
      ]);
      expect(data.items[0].expiresAt).toBe(new Date(now.getTime() + DAY).toISOString());
      expect(JSON.stringify(data)).not.toContain(PAID_SECRET);
    });
  });

  describe('favorites', () => {
    it('favorite is idempotent; unfavorite removes; a draft cannot be favorited', async () => {
      await h.ok('user', 'favorite', { articleId: articles[0], favorited: true }, { openid: 'fan' });
      await h.ok('user', 'favorite', { articleId: articles[0], favorited: true }, { openid: 'fan' });
      expect(await h.db('favorites').where({ article_id: articles[0] }).count('* as n').first()).toMatchObject({ n: 1 });
      await h.fails('NOT_FOUND', 'user', 'favorite', { articleId: draft, favorited: true }, { openid: 'fan' });
      await h.fails('NOT_FOUND', 'user', 'favorite', { articleId: 999999, favorited: true }, { openid: 'fan' });
      expect(await h.ok('user', 'favorite', { articleId: articles[0], favorited: false }, { openid: 'fan' })).toEqual({
        articleId: articles[0],
        favorited: false,
      });
      expect(await h.ok('user', 'favorite', { articleId: articles[0], favorited: false }, { openid: 'fan' })).toEqual({
        articleId: articles[0],
        favorited: false,
      });
    });

    it('pages newest first with a cursor; cards carry no body or media id; unreleased articles drop out', async () => {
      for (const [i, articleId] of articles.entries()) {
        h.clock.set(new Date(now.getTime() + i * 1000));
        await h.ok('user', 'favorite', { articleId, favorited: true }, { openid: 'pager' });
      }
      h.clock.set(now);
      const first = await h.ok('user', 'favorites', { limit: 2 }, { openid: 'pager' });
      expect(first.items.map((i: any) => i.article.id)).toEqual([articles[4], articles[3]]);
      expect(first.items[0].article).toMatchObject({ locked: true, hasAudio: true });
      const second = await h.ok('user', 'favorites', { limit: 2, cursor: first.nextCursor }, { openid: 'pager' });
      expect(second.items.map((i: any) => i.article.id)).toEqual([articles[2], articles[1]]);
      const third = await h.ok('user', 'favorites', { limit: 2, cursor: second.nextCursor }, { openid: 'pager' });
      expect(third.items.map((i: any) => i.article.id)).toEqual([articles[0]]);
      expect(third.nextCursor).toBeNull();
      const all = JSON.stringify([first, second, third]);
      expect(all).not.toContain(PAID_SECRET);
      expect(all).not.toContain('media/a/');

      await h.db('articles').where('id', articles[4]).update({ status: 'draft' });
      const after = await h.ok('user', 'favorites', {}, { openid: 'pager' });
      expect(after.items.map((i: any) => i.article.id)).not.toContain(articles[4]);
      await h.db('articles').where('id', articles[4]).update({ status: 'published' });
    });

    it("someone else's favorites are not reachable: the list is always the caller's", async () => {
      expect((await h.ok('user', 'favorites', {}, { openid: 'nobody-else' })).items).toEqual([]);
    });

    it.each([
      ['garbage cursor', 'favorites', { cursor: 'Zm9v' }],
      ['cursor with symbols', 'favorites', { cursor: '../../' }],
      ['limit too big', 'favorites', { limit: 51 }],
      ['favorited missing', 'favorite', { articleId: 1 }],
      ['favorited as string', 'favorite', { articleId: 1, favorited: 'yes' }],
      ['bad article id', 'favorite', { articleId: 'x', favorited: true }],
    ])('%s → INVALID_INPUT', async (_label, action, input) => {
      const before = await snapshot();
      await h.fails('INVALID_INPUT', 'user', action, input as Record<string, unknown>, { openid: 'pager' });
      expect(await snapshot()).toBe(before);
    });
  });

  describe('likeArticle', () => {
    it('is idempotent and keeps the count exact', async () => {
      const a = articles[1];
      expect(await h.ok('user', 'likeArticle', { articleId: a, liked: true }, { openid: 'liker' })).toEqual({
        articleId: a,
        liked: true,
        likeCount: 1,
      });
      expect(await h.ok('user', 'likeArticle', { articleId: a, liked: true }, { openid: 'liker' })).toEqual({
        articleId: a,
        liked: true,
        likeCount: 1,
      });
      expect((await h.ok('user', 'likeArticle', { articleId: a, liked: true }, { openid: 'liker2' })).likeCount).toBe(2);
      expect((await h.ok('user', 'likeArticle', { articleId: a, liked: false }, { openid: 'liker' })).likeCount).toBe(1);
      expect((await h.ok('user', 'likeArticle', { articleId: a, liked: false }, { openid: 'liker' })).likeCount).toBe(1);
      await h.fails('NOT_FOUND', 'user', 'likeArticle', { articleId: draft, liked: true }, { openid: 'liker' });
    });

    it('concurrent toggles from many learners leave like_count equal to the likes rows', async () => {
      const a = articles[2];
      const openids = Array.from({ length: 12 }, (_, i) => `crowd-${i}`);
      for (const openid of openids) await h.ok('user', 'me', {}, { openid });
      // Each learner fires like, like, unlike, like at once; on MySQL these truly overlap.
      const calls = openids.flatMap((openid) =>
        [true, true, false, true].map((liked) => h.call('user', 'likeArticle', { articleId: a, liked }, { openid })),
      );
      const results = await Promise.all(calls);
      for (const r of results) expect(r.ok).toBe(true);
      const rows = Number((await h.db('likes').where({ target_type: 'article', target_id: a }).count('* as n').first())?.n);
      const count = Number((await h.db('articles').where('id', a).first('like_count'))?.like_count);
      expect(count).toBe(rows);
      if (testDbClient() === 'mysql') expect(rows).toBeGreaterThan(0);
      // A final settled toggle round gives a known answer.
      for (const openid of openids) await h.ok('user', 'likeArticle', { articleId: a, liked: true }, { openid });
      expect(Number((await h.db('articles').where('id', a).first('like_count'))?.like_count)).toBe(openids.length);
    });
  });
});
