import { createHarness, type Harness } from '../support/harness';
import { insertArticle, insertColumn } from '../support/fixtures';
import { createBatch } from '../../server/domain/orders/redeem.service';
import { RATE_LIMITS, tryTake } from '../../server/domain/limits/rate-limit';
import { serviceContext } from '../support/service-context';
import { entitlementsOf } from '../support/payments';

/**
 * Issue 14, lower findings: redeem-code guessing was not rate-limited; every limit now lives in one MySQL table and
 * is taken atomically before the thing it guards is checked.
 */
describe('rate limits (one mechanism, in the database)', () => {
  let h: Harness;
  let column: number;
  beforeAll(async () => {
    h = await createHarness();
    const now = h.clock.now();
    column = await insertColumn(h.db, now, { price_fen: 9900 });
    await insertArticle(h.db, now, column);
  });
  afterAll(() => h.close());

  it('30 concurrent redeem guesses by one learner: only the allowance is checked, then even a real code waits', async () => {
    const { codes } = await createBatch(serviceContext(h), { itemType: 'column', itemId: column, count: 1 });
    const who = { openid: 'guesser' };
    const guesses = Array.from({ length: 30 }, (_, i) =>
      h.call('order', 'redeem', { code: `WRONGCODE${String(i).padStart(7, '0')}` }, who),
    );
    const codesSeen = (await Promise.all(guesses)).map((r) => (r.ok ? 'OK' : r.error.code));
    expect(codesSeen.filter((c) => c === 'NOT_FOUND').length).toBe(RATE_LIMITS.redeem.max);
    expect(codesSeen.filter((c) => c === 'RATE_LIMITED').length).toBe(30 - RATE_LIMITS.redeem.max);
    await h.fails('RATE_LIMITED', 'order', 'redeem', { code: codes[0] }, who);
    expect(await entitlementsOf(h, who.openid)).toHaveLength(0);
    // Someone else is not affected; the learner may try again after the window.
    await h.fails('NOT_FOUND', 'order', 'redeem', { code: 'WRONGCODE9999999' }, { openid: 'other-learner' });
    h.clock.advance(RATE_LIMITS.redeem.windowMs + 1000);
    await h.ok('order', 'redeem', { code: codes[0] }, who);
  });

  it('takes are exact under concurrency and the window restarts after it ends', async () => {
    const now = h.clock.now();
    const taken = await Promise.all(Array.from({ length: 20 }, () => tryTake(h.db, 'comment', 'subject-x', now)));
    expect(taken.filter(Boolean)).toHaveLength(RATE_LIMITS.comment.max);
    expect(await tryTake(h.db, 'comment', 'subject-x', new Date(now.getTime() + RATE_LIMITS.comment.windowMs - 1))).toBe(false);
    expect(await tryTake(h.db, 'comment', 'subject-x', new Date(now.getTime() + RATE_LIMITS.comment.windowMs + 1))).toBe(true);
    expect(await h.db('rate_limits').where({ bucket: 'comment', subject: 'subject-x' })).toHaveLength(1);
  });
});
