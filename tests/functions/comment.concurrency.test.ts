import { createHarness, type Harness } from '../support/harness';
import { insertArticle, insertColumn, insertUser } from '../support/fixtures';
import { testDbClient } from '../support/test-db';
import { toNum } from '../../server/db/values';

/**
 * The real comment function fired concurrently. On MySQL the calls really overlap (a pool of 10
 * connections, InnoDB row locks); SQLite runs them one at a time, so there the same test shows
 * the logic is right when calls interleave between statements.
 */
describe('comment function under concurrency', () => {
  let h: Harness;
  let now: Date;
  let articleId: number;

  beforeAll(async () => {
    h = await createHarness({ poolMax: 10 });
    now = h.clock.now();
    const column = await insertColumn(h.db, now);
    articleId = await insertArticle(h.db, now, column, { is_free: true });
  });
  afterAll(() => h.close());

  const likeRows = async (commentId: number) =>
    toNum((await h.db('likes').where({ target_type: 'comment', target_id: commentId }).count('* as n').first())?.n);
  const likeCount = async (commentId: number) => toNum((await h.db('comments').where({ id: commentId }).first('like_count')).like_count);

  it('like_count equals the likes rows after many learners like, re-like and unlike at once', async () => {
    const author = await insertUser(h.db, now, 'c-author');
    const comment = await h.ok('comment', 'create', { articleId, content: '热门评论' }, { openid: 'c-author' });
    expect(author).toBeGreaterThan(0);
    const openids = Array.from({ length: 24 }, (_, i) => `c-fan-${i}`);
    for (const openid of openids) await insertUser(h.db, now, openid);

    // Everyone likes twice at once (duplicates must count once).
    const likes = await Promise.all(
      openids.flatMap((openid) => [0, 1].map(() => h.call('comment', 'like', { commentId: comment.id, liked: true }, { openid }))),
    );
    expect(likes.every((r) => r.ok)).toBe(true);
    expect(await likeCount(comment.id)).toBe(openids.length);
    expect(await likeRows(comment.id)).toBe(openids.length);

    // Half unlike (twice each) while the other half re-like, all at once.
    const mixed = await Promise.all(
      openids.flatMap((openid, i) =>
        [0, 1].map(() => h.call('comment', 'like', { commentId: comment.id, liked: i % 2 === 1 }, { openid })),
      ),
    );
    expect(mixed.every((r) => r.ok)).toBe(true);
    expect(await likeRows(comment.id)).toBe(openids.length / 2);
    expect(await likeCount(comment.id)).toBe(openids.length / 2);
  });

  it('one learner toggling fast ends with a count that matches their like row', async () => {
    await insertUser(h.db, now, 'c-toggler');
    const comment = await h.ok('comment', 'create', { articleId, content: '被反复点赞' }, { openid: 'c-fan-0' });
    const calls = Array.from({ length: 30 }, (_, i) =>
      h.call('comment', 'like', { commentId: comment.id, liked: i % 3 !== 0 }, { openid: 'c-toggler' }),
    );
    const results = await Promise.all(calls);
    expect(results.every((r) => r.ok)).toBe(true);
    const rows = await likeRows(comment.id);
    expect(rows).toBeLessThanOrEqual(1);
    expect(await likeCount(comment.id)).toBe(rows);
  });

  it('the rate limit holds when one learner posts many comments at once', async () => {
    await insertUser(h.db, now, 'c-spammer');
    h.clock.advanceSec(600);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => h.call('comment', 'create', { articleId, content: `刷屏${i}` }, { openid: 'c-spammer' })),
    );
    const codes = results.map((r) => (r.ok ? 'ok' : r.error.code));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(5);
    expect(codes.filter((c) => c !== 'ok').every((c) => c === 'RATE_LIMITED')).toBe(true);
    const stored = await h
      .db('comments')
      .join('users', 'users.id', 'comments.user_id')
      .where('users.openid', 'c-spammer')
      .count('* as n')
      .first();
    expect(toNum(stored?.n)).toBe(5);
  });

  it('runs against the database the suite was started for', () => {
    expect(h.client).toBe(testDbClient());
  });
});
