import { createHarness, type Harness } from '../../support/harness';
import { grant, insertArticle, insertColumn, insertUser } from '../../support/fixtures';
import { testDbClient } from '../../support/test-db';
import { entitlementsOf } from '../../support/payments';
import { buy, count, refund } from './growth-support';

/** Gifts: the buyer pays (even for something they own) and gets nothing; one friend claims once; a refund takes it back. */
describe(`gifts (${testDbClient()})`, () => {
  let h: Harness;
  let column: number;
  let article: number;
  let plan: number;

  beforeAll(async () => {
    h = await createHarness({ poolMax: 10 });
    const now = h.clock.now();
    column = await insertColumn(h.db, now, { title: '礼物专栏', price_fen: 6600 });
    article = await insertArticle(h.db, now, column, { title: '礼物文章', price_fen: 0, is_free: false });
    const [p] = await h
      .db('membership_plans')
      .insert({ name: '年度会员', duration_days: 365, price_fen: 19900, status: 'active', sort: 0, created_at: now, updated_at: now });
    plan = Number(p);
  });
  afterAll(() => h.close());

  const access = (openid: string) => h.ok('catalog', 'column', { columnId: column }, { openid });

  it('a buyer who owns the column can still buy it as a gift; the gift order grants the buyer nothing', async () => {
    await grant(h.db, h.clock.now(), await insertUser(h.db, h.clock.now(), 'giver'), 'column', column);
    await h.fails('ALREADY_OWNED', 'order', 'create', { itemType: 'column', itemId: column }, { openid: 'giver' });
    const before = (await entitlementsOf(h, 'giver')).length;
    const order = await buy(h, 'giver', { itemType: 'column', itemId: column, asGift: true });
    expect(order).toMatchObject({ status: 'paid', isGift: true, amountFen: 6600 });
    expect((await entitlementsOf(h, 'giver')).length).toBe(before);

    const gift = await h.ok('gift', 'get', { orderNo: order.orderNo }, { openid: 'giver' });
    expect(gift).toMatchObject({ orderNo: order.orderNo, status: 'unclaimed', claimedAt: null });
    expect(gift.claimToken).toMatch(/^[0-9a-f]{24}$/);
    await h.fails('NOT_FOUND', 'gift', 'get', { orderNo: order.orderNo }, { openid: 'stranger' });
    expect(await h.ok('gift', 'preview', { token: gift.claimToken })).toMatchObject({
      itemType: 'column',
      itemId: column,
      status: 'unclaimed',
    });

    await h.fails('FORBIDDEN', 'gift', 'claim', { token: gift.claimToken }, { openid: 'giver' });
    expect((await access('friend')).owned).toBe(false);
    const claimed = await h.ok('gift', 'claim', { token: gift.claimToken }, { openid: 'friend' });
    expect(claimed).toEqual({ itemType: 'column', itemId: column, expiresAt: null });
    expect((await access('friend')).owned).toBe(true);
    await h.fails('CONFLICT', 'gift', 'claim', { token: gift.claimToken }, { openid: 'friend' });
    await h.fails('CONFLICT', 'gift', 'claim', { token: gift.claimToken }, { openid: 'friend-2' });
    expect((await h.ok('gift', 'get', { orderNo: order.orderNo }, { openid: 'giver' })).status).toBe('claimed');

    // Refund: the friend's grant is revoked, the link is dead.
    await refund(h, order.orderNo);
    expect((await access('friend')).owned).toBe(false);
    expect((await access('giver')).owned).toBe(true);
    await h.fails('NOT_FOUND', 'gift', 'claim', { token: gift.claimToken }, { openid: 'friend-3' });
  });

  it('unknown and malformed tokens; an unpaid gift has no link yet; a normal order is not a gift', async () => {
    await h.fails('NOT_FOUND', 'gift', 'claim', { token: 'a'.repeat(24) }, { openid: 'friend' });
    await h.fails('INVALID_INPUT', 'gift', 'claim', { token: 'not-a-token' }, { openid: 'friend' });
    await h.fails('UNAUTHENTICATED', 'gift', 'claim', { token: 'a'.repeat(24) });
    const pending = await h.ok('order', 'create', { itemType: 'column', itemId: column, asGift: true }, { openid: 'giver-2' });
    await h.fails('ORDER_NOT_PAYABLE', 'gift', 'get', { orderNo: pending.orderNo }, { openid: 'giver-2' });
    const normal = await h.ok('order', 'create', { itemType: 'column', itemId: column }, { openid: 'giver-2' });
    expect(normal.orderNo).not.toBe(pending.orderNo);
    await h.fails('NOT_FOUND', 'gift', 'get', { orderNo: normal.orderNo }, { openid: 'giver-2' });
    expect(await count(h, 'gifts')).toBe(1);
  });

  it('a membership gift gives the friend the plan’s days; 8 concurrent claims of one link grant once', async () => {
    const order = await buy(h, 'giver-3', { itemType: 'membership', itemId: plan, asGift: true });
    const { claimToken } = await h.ok('gift', 'get', { orderNo: order.orderNo }, { openid: 'giver-3' });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => h.call('gift', 'claim', { token: claimToken }, { openid: `rush-${i}` })),
    );
    const ok = results.filter((r) => r.ok);
    expect(ok).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => (r as any).error.code === 'CONFLICT')).toBe(true);
    const expiresAt = (ok[0] as any).data.expiresAt;
    expect(Date.parse(expiresAt) - h.clock.now().getTime()).toBe(365 * 86400_000);
    expect(await count(h, 'entitlements', { source: 'gift', source_id: order.orderNo })).toBe(1);
    expect(article).toBeGreaterThan(0);
  });
});
