import { createHarness, type Harness } from '../support/harness';
import { grant, insertArticle, insertColumn, insertUser } from '../support/fixtures';
import { testDbClient } from '../support/test-db';

/**
 * order: the server prices everything, refuses what is free, unpriced, archived or already
 * owned, and collapses repeated creates into one pending order.
 */
describe('order function', () => {
  let h: Harness;
  let now: Date;
  let column: number;
  let freeColumn: number;
  let archivedColumn: number;
  let draftColumn: number;
  let memberColumn: number;
  let soloArticle: number;
  let unpricedArticle: number;
  let freeArticle: number;
  let draftArticle: number;
  let scheduledArticle: number;
  let archivedArticle: number;
  let plan: number;
  let retiredPlan: number;

  const countOrders = async () => Number((await h.db('orders').count('* as n').first())?.n);

  beforeAll(async () => {
    h = await createHarness();
    now = h.clock.now();
    column = await insertColumn(h.db, now, { title: '付费专栏', price_fen: 9900 });
    freeColumn = await insertColumn(h.db, now, { title: '免费专栏', price_fen: 0 });
    archivedColumn = await insertColumn(h.db, now, { title: '归档专栏', status: 'archived' });
    draftColumn = await insertColumn(h.db, now, { title: '草稿专栏', status: 'draft' });
    memberColumn = await insertColumn(h.db, now, { title: '会员专栏', member_included: true });
    soloArticle = await insertArticle(h.db, now, column, { title: '单卖文章', price_fen: 990 });
    unpricedArticle = await insertArticle(h.db, now, column, { title: '不单卖', price_fen: null });
    freeArticle = await insertArticle(h.db, now, column, { title: '免费', is_free: true, price_fen: 100 });
    draftArticle = await insertArticle(h.db, now, column, { title: '草稿', status: 'draft', price_fen: 100 });
    scheduledArticle = await insertArticle(h.db, now, column, { price_fen: 100, publish_at: new Date(now.getTime() + 86400_000) });
    archivedArticle = await insertArticle(h.db, now, archivedColumn, { price_fen: 100 });
    await insertArticle(h.db, now, memberColumn, { price_fen: 500 });
    const [p] = await h
      .db('membership_plans')
      .insert({ name: '月度会员', duration_days: 30, price_fen: 2500, status: 'active', sort: 0, created_at: now, updated_at: now });
    plan = Number(p);
    const [r] = await h
      .db('membership_plans')
      .insert({ name: '旧方案', duration_days: 30, price_fen: 100, status: 'archived', sort: 1, created_at: now, updated_at: now });
    retiredPlan = Number(r);
  });
  afterAll(() => h.close());

  it('creates a pending order priced by the server, expiring in 30 minutes, with an unguessable order_no', async () => {
    const order = await h.ok('order', 'create', { itemType: 'column', itemId: column }, { openid: 'buyer-a' });
    expect(order).toMatchObject({
      itemType: 'column',
      itemId: column,
      title: '付费专栏',
      amountFen: 9900,
      status: 'pending',
      paidAt: null,
    });
    expect(new Date(order.expiresAt).getTime() - new Date(order.createdAt).getTime()).toBe(30 * 60 * 1000);
    expect(order.orderNo.length).toBeLessThanOrEqual(32);
    expect(order.orderNo).toMatch(/^[0-9a-z]+$/);
    const other = await h.ok('order', 'create', { itemType: 'article', itemId: soloArticle }, { openid: 'buyer-a' });
    // Same second, different random tails: nothing to enumerate.
    expect(other.orderNo.slice(0, 14)).toBe(order.orderNo.slice(0, 14));
    expect(other.orderNo.slice(14)).not.toBe(order.orderNo.slice(14));
  });

  it('a repeated create returns the same pending order, also when fired concurrently', async () => {
    const first = await h.ok('order', 'create', { itemType: 'article', itemId: soloArticle }, { openid: 'buyer-b' });
    const again = await h.ok('order', 'create', { itemType: 'article', itemId: soloArticle }, { openid: 'buyer-b' });
    expect(again.orderNo).toBe(first.orderNo);
    const burst = await Promise.all(
      Array.from({ length: 8 }, () => h.ok('order', 'create', { itemType: 'column', itemId: column }, { openid: 'buyer-burst' })),
    );
    expect(new Set(burst.map((o) => o.orderNo)).size).toBe(1);
    const rows = await h.db('orders as o').join('users as u', 'u.id', 'o.user_id').where('u.openid', 'buyer-burst');
    expect(rows).toHaveLength(1);
  });

  it('after the pending order expires, create closes it and opens a new one', async () => {
    const first = await h.ok('order', 'create', { itemType: 'membership', itemId: plan }, { openid: 'buyer-late' });
    h.clock.advance(31 * 60 * 1000);
    const second = await h.ok('order', 'create', { itemType: 'membership', itemId: plan }, { openid: 'buyer-late' });
    expect(second.orderNo).not.toBe(first.orderNo);
    expect((await h.ok('order', 'get', { orderNo: first.orderNo }, { openid: 'buyer-late' })).status).toBe('closed');
    h.clock.set(now);
  });

  it('refuses free, unpriced and archived items (NOT_FOR_SALE) and hides drafts (NOT_FOUND), creating nothing', async () => {
    const before = await countOrders();
    const as = { openid: 'buyer-c' };
    await h.fails('NOT_FOR_SALE', 'order', 'create', { itemType: 'article', itemId: freeArticle }, as);
    await h.fails('NOT_FOR_SALE', 'order', 'create', { itemType: 'article', itemId: unpricedArticle }, as);
    await h.fails('NOT_FOR_SALE', 'order', 'create', { itemType: 'column', itemId: freeColumn }, as);
    await h.fails('NOT_FOR_SALE', 'order', 'create', { itemType: 'column', itemId: archivedColumn }, as);
    await h.fails('NOT_FOR_SALE', 'order', 'create', { itemType: 'article', itemId: archivedArticle }, as);
    await h.fails('NOT_FOR_SALE', 'order', 'create', { itemType: 'membership', itemId: retiredPlan }, as);
    await h.fails('NOT_FOUND', 'order', 'create', { itemType: 'column', itemId: draftColumn }, as);
    await h.fails('NOT_FOUND', 'order', 'create', { itemType: 'article', itemId: draftArticle }, as);
    await h.fails('NOT_FOUND', 'order', 'create', { itemType: 'article', itemId: scheduledArticle }, as);
    await h.fails('NOT_FOUND', 'order', 'create', { itemType: 'article', itemId: 999999 }, as);
    await h.fails('NOT_FOUND', 'order', 'create', { itemType: 'membership', itemId: 999999 }, as);
    expect(await countOrders()).toBe(before);
  });

  it('refuses what the caller already has access to (ALREADY_OWNED), but memberships renew', async () => {
    const owner = await insertUser(h.db, now, 'owner-1');
    await grant(h.db, now, owner, 'column', column);
    const before = await countOrders();
    await h.fails('ALREADY_OWNED', 'order', 'create', { itemType: 'column', itemId: column }, { openid: 'owner-1' });
    // The column covers its articles.
    await h.fails('ALREADY_OWNED', 'order', 'create', { itemType: 'article', itemId: soloArticle }, { openid: 'owner-1' });
    const member = await insertUser(h.db, now, 'member-1');
    await grant(h.db, now, member, 'membership', plan, { expires_at: new Date(now.getTime() + 86400_000) });
    await h.fails('ALREADY_OWNED', 'order', 'create', { itemType: 'column', itemId: memberColumn }, { openid: 'member-1' });
    expect(await countOrders()).toBe(before);
    const renewal = await h.ok('order', 'create', { itemType: 'membership', itemId: plan }, { openid: 'member-1' });
    expect(renewal.status).toBe('pending');
    // A revoked or expired entitlement is no longer ownership.
    const lapsed = await insertUser(h.db, now, 'lapsed-1');
    await grant(h.db, now, lapsed, 'column', column, { revoked_at: now });
    await h.ok('order', 'create', { itemType: 'column', itemId: column }, { openid: 'lapsed-1' });
  });

  it('quote prices exactly as the later create, with the same refusals, and changes no rows', async () => {
    const as = { openid: 'quoter' };
    const rows = async () => ({
      orders: await countOrders(),
      coupons: Number((await h.db('user_coupons').count('* as n').first())?.n),
    });
    const before = await rows();
    const quote = await h.ok('order', 'quote', { itemType: 'column', itemId: column }, as);
    expect(quote).toEqual({ title: '付费专栏', originalFen: 9900, discountFen: 0, amountFen: 9900, promoEndsAt: null, userCouponId: null });
    const planQuote = await h.ok('order', 'quote', { itemType: 'membership', itemId: plan }, as);
    await h.fails('NOT_FOR_SALE', 'order', 'quote', { itemType: 'article', itemId: freeArticle }, as);
    await h.fails('NOT_FOUND', 'order', 'quote', { itemType: 'column', itemId: draftColumn }, as);
    await h.fails('NOT_FOUND', 'order', 'quote', { itemType: 'column', itemId: column, userCouponId: 999999 }, as);
    const owner = await insertUser(h.db, now, 'quote-owner');
    await grant(h.db, now, owner, 'column', column);
    await h.fails('ALREADY_OWNED', 'order', 'quote', { itemType: 'column', itemId: column }, { openid: 'quote-owner' });
    expect((await h.ok('order', 'quote', { itemType: 'column', itemId: column, asGift: true }, { openid: 'quote-owner' })).amountFen).toBe(
      9900,
    );
    expect(await rows()).toEqual(before);
    const order = await h.ok('order', 'create', { itemType: 'column', itemId: column }, as);
    expect(order).toMatchObject({
      title: quote.title,
      originalFen: quote.originalFen,
      discountFen: quote.discountFen,
      amountFen: quote.amountFen,
    });
    expect((await h.ok('order', 'create', { itemType: 'membership', itemId: plan }, as)).amountFen).toBe(planQuote.amountFen);
  });

  it('quote refuses bad input (INVALID_INPUT) and unauthenticated callers', async () => {
    const before = await countOrders();
    const as = { openid: 'quote-bad' };
    await h.fails('UNAUTHENTICATED', 'order', 'quote', { itemType: 'column', itemId: column });
    await h.fails('INVALID_INPUT', 'order', 'quote', { itemType: 'column' }, as);
    await h.fails('INVALID_INPUT', 'order', 'quote', { itemType: 'course', itemId: column }, as);
    await h.fails('INVALID_INPUT', 'order', 'quote', { itemType: 'column', itemId: -1 }, as);
    await h.fails('INVALID_INPUT', 'order', 'quote', { itemType: 'column', itemId: column, userCouponId: 'x' }, as);
    await h.fails('INVALID_INPUT', 'order', 'quote', { itemType: 'column', itemId: column, amountFen: 1 }, as);
    await h.fails('INVALID_INPUT', 'order', 'quote', { itemType: 'column', itemId: column, termsVersion: 'v1' }, as);
    expect(await countOrders()).toBe(before);
  });

  it('get and cancel work on the caller’s own orders only; someone else’s is NOT_FOUND', async () => {
    const mine = await h.ok('order', 'create', { itemType: 'column', itemId: column }, { openid: 'buyer-d' });
    await h.fails('NOT_FOUND', 'order', 'get', { orderNo: mine.orderNo }, { openid: 'stranger' });
    await h.fails('NOT_FOUND', 'order', 'cancel', { orderNo: mine.orderNo }, { openid: 'stranger' });
    expect((await h.ok('order', 'get', { orderNo: mine.orderNo }, { openid: 'buyer-d' })).status).toBe('pending');
    const cancelled = await h.ok('order', 'cancel', { orderNo: mine.orderNo }, { openid: 'buyer-d' });
    expect(cancelled.status).toBe('closed');
    // idempotent
    expect((await h.ok('order', 'cancel', { orderNo: mine.orderNo }, { openid: 'buyer-d' })).status).toBe('closed');
    // a new create after cancelling opens a new order
    const next = await h.ok('order', 'create', { itemType: 'column', itemId: column }, { openid: 'buyer-d' });
    expect(next.orderNo).not.toBe(mine.orderNo);
  });

  it('lists the caller’s orders newest first with a cursor and a status filter', async () => {
    const as = { openid: 'lister' };
    const a = await h.ok('order', 'create', { itemType: 'column', itemId: column }, as);
    h.clock.advance(1000);
    const b = await h.ok('order', 'create', { itemType: 'article', itemId: soloArticle }, as);
    h.clock.advance(1000);
    await h.ok('order', 'cancel', { orderNo: b.orderNo }, as);
    const page1 = await h.ok('order', 'list', { limit: 1 }, as);
    expect(page1.items.map((o: any) => o.orderNo)).toEqual([b.orderNo]);
    const page2 = await h.ok('order', 'list', { limit: 1, cursor: page1.nextCursor }, as);
    expect(page2.items.map((o: any) => o.orderNo)).toEqual([a.orderNo]);
    expect(page2.nextCursor).toBeNull();
    expect((await h.ok('order', 'list', { status: 'closed' }, as)).items.map((o: any) => o.orderNo)).toEqual([b.orderNo]);
    expect((await h.ok('order', 'list', {}, { openid: 'nobody-yet' })).items).toEqual([]);
    h.clock.set(now);
  });

  it('every bad input gets a clear code and creates nothing', async () => {
    const before = await countOrders();
    const as = { openid: 'bad-input' };
    await h.fails('UNAUTHENTICATED', 'order', 'create', { itemType: 'column', itemId: column });
    await h.fails('INVALID_INPUT', 'order', 'create', { itemType: 'column' }, as);
    await h.fails('INVALID_INPUT', 'order', 'create', { itemType: 'course', itemId: column }, as);
    await h.fails('INVALID_INPUT', 'order', 'create', { itemType: 'column', itemId: '1' }, as);
    await h.fails('INVALID_INPUT', 'order', 'create', { itemType: 'column', itemId: -1 }, as);
    await h.fails('INVALID_INPUT', 'order', 'create', { itemType: 'column', itemId: 2 ** 40 }, as);
    // the price and the buyer never come from the event
    const forged = await h.fails('INVALID_INPUT', 'order', 'create', { itemType: 'column', itemId: column, amountFen: 1 }, as);
    expect(JSON.stringify(forged.details)).toContain('amountFen');
    await h.fails('INVALID_INPUT', 'order', 'create', { itemType: 'column', itemId: column, openid: 'victim' }, as);
    await h.fails('INVALID_INPUT', 'order', 'get', { orderNo: 'x'.repeat(33) }, as);
    await h.fails('INVALID_INPUT', 'order', 'get', { orderNo: "1' OR '1'='1" }, as);
    await h.fails('INVALID_INPUT', 'order', 'list', { limit: 0 }, as);
    await h.fails('INVALID_INPUT', 'order', 'list', { status: 'everything' }, as);
    await h.fails('INVALID_INPUT', 'order', 'list', { cursor: 'bm90LWEtY3Vyc29y' }, as);
    expect(await countOrders()).toBe(before);
  });

  it(`concurrent creates for many items by one learner make one order per item (${testDbClient()})`, async () => {
    const items = [soloArticle, column];
    const results = await Promise.all(
      items.flatMap((id, i) =>
        Array.from({ length: 5 }, () =>
          h.ok('order', 'create', { itemType: i === 0 ? 'article' : 'column', itemId: id }, { openid: 'racer' }),
        ),
      ),
    );
    expect(new Set(results.map((o) => o.orderNo)).size).toBe(2);
  });
});
