import { createHarness, type Harness } from '../../support/harness';
import { insertArticle, insertColumn } from '../../support/fixtures';
import { testDbClient } from '../../support/test-db';
import { buy, count, owner, refund } from './growth-support';
import { reconcile } from '../../../server/domain/payments/payment.service';

/**
 * Coupons: created in the CMS, claimed by learners (never beyond stock or the per-user limit,
 * also under concurrency), locked by a pending order, released when it closes, spent by
 * settlement, and not given back by a refund. Every refusal has its own code and changes nothing.
 */
describe(`coupons (${testDbClient()})`, () => {
  let h: Harness;
  let bearer: string;
  let column: number;
  let otherColumn: number;
  let article: number;
  let plan: number;

  beforeAll(async () => {
    h = await createHarness({ poolMax: 10 });
    const now = h.clock.now();
    column = await insertColumn(h.db, now, { title: '付费专栏', price_fen: 9900 });
    otherColumn = await insertColumn(h.db, now, { title: '另一个专栏', price_fen: 3000 });
    article = await insertArticle(h.db, now, column, { title: '单篇', price_fen: 990 });
    const [p] = await h
      .db('membership_plans')
      .insert({ name: '月度会员', duration_days: 30, price_fen: 2500, status: 'active', sort: 0, created_at: now, updated_at: now });
    plan = Number(p);
    bearer = await owner(h);
  });
  afterAll(() => h.close());

  const create = (input: Record<string, unknown>) =>
    h.ok('admin', 'coupon.create', { title: '测试券', stock: 100, perUserLimit: 1, ...input }, { bearer });
  const claim = (openid: string, couponId: number) => h.ok('coupon', 'claim', { couponId }, { openid });

  it('admin creates amount and percent coupons with scope and window; list and get show claimed/used counts', async () => {
    const amount = await create({
      title: '满50减10',
      discount: { type: 'amount', amountFen: 1000 },
      minSpendFen: 5000,
      itemType: 'column',
    });
    expect(amount).toMatchObject({
      title: '满50减10',
      discount: { type: 'amount', amountFen: 1000 },
      minSpendFen: 5000,
      itemType: 'column',
      itemId: null,
      stock: 100,
      claimed: 0,
      used: 0,
      startsAt: null,
      endsAt: null,
      status: 'active',
    });
    const pct = await create({ title: '八折', discount: { type: 'percent', percentOff: 20 }, itemType: 'column', itemId: column });
    expect(pct.discount).toEqual({ type: 'percent', percentOff: 20 });
    expect((await h.ok('admin', 'coupon.get', { id: pct.id }, { bearer })).itemId).toBe(column);
    const list = await h.ok('admin', 'coupon.list', {}, { bearer });
    expect(list.items.map((c: any) => c.id)).toEqual(expect.arrayContaining([amount.id, pct.id]));
  });

  it('bad coupon definitions are INVALID_INPUT and write nothing', async () => {
    const before = await count(h, 'coupons');
    await h.fails(
      'INVALID_INPUT',
      'admin',
      'coupon.create',
      { title: 'x', discount: { type: 'percent', percentOff: 100 }, stock: 1, perUserLimit: 1 },
      { bearer },
    );
    await h.fails(
      'INVALID_INPUT',
      'admin',
      'coupon.create',
      { title: 'x', discount: { type: 'amount', amountFen: 0 }, stock: 1, perUserLimit: 1 },
      { bearer },
    );
    await h.fails(
      'INVALID_INPUT',
      'admin',
      'coupon.create',
      { title: 'x', discount: { type: 'amount', amountFen: 10 }, stock: 0, perUserLimit: 1 },
      { bearer },
    );
    await h.fails(
      'INVALID_INPUT',
      'admin',
      'coupon.create',
      { title: 'x', discount: { type: 'amount', amountFen: 10 }, stock: 1, perUserLimit: 1, itemId: column },
      { bearer },
    );
    await h.fails(
      'INVALID_INPUT',
      'admin',
      'coupon.create',
      {
        title: 'x',
        discount: { type: 'amount', amountFen: 10 },
        stock: 1,
        perUserLimit: 1,
        startsAt: '2026-07-01T00:00:00Z',
        endsAt: '2026-06-15T00:00:00Z',
      },
      { bearer },
    );
    await h.fails(
      'NOT_FOUND',
      'admin',
      'coupon.create',
      { title: 'x', discount: { type: 'amount', amountFen: 10 }, stock: 1, perUserLimit: 1, itemType: 'column', itemId: 99999 },
      { bearer },
    );
    expect(await count(h, 'coupons')).toBe(before);
  });

  it('checkout: available lists usable coupons best first; order.create snapshots original, discount and amount and locks the coupon', async () => {
    const small = await create({ discount: { type: 'amount', amountFen: 500 } });
    const big = await create({ discount: { type: 'percent', percentOff: 30 }, itemType: 'column' });
    const elsewhere = await create({ discount: { type: 'amount', amountFen: 2000 }, itemType: 'column', itemId: otherColumn });
    const highMin = await create({ discount: { type: 'amount', amountFen: 3000 }, minSpendFen: 20000 });
    const ucSmall = await claim('checkout', small.id);
    const ucBig = await claim('checkout', big.id);
    await claim('checkout', elsewhere.id);
    await claim('checkout', highMin.id);
    expect(ucSmall).toMatchObject({ status: 'unused', coupon: { id: small.id } });

    const available = await h.ok('coupon', 'available', { itemType: 'column', itemId: column }, { openid: 'checkout' });
    expect(available.items.map((u: any) => u.id)).toEqual([ucBig.id, ucSmall.id]);

    // A quote prices with the coupon as the create will, and locks nothing.
    const quote = await h.ok('order', 'quote', { itemType: 'column', itemId: column, userCouponId: ucBig.id }, { openid: 'checkout' });
    expect(quote).toMatchObject({ originalFen: 9900, discountFen: 2970, amountFen: 6930, userCouponId: ucBig.id });
    await h.fails(
      'COUPON_MIN_SPEND',
      'order',
      'quote',
      { itemType: 'column', itemId: column, userCouponId: (await claim('checkout-q', highMin.id)).id },
      { openid: 'checkout-q' },
    );
    expect(await count(h, 'user_coupons', { id: ucBig.id, status: 'unused' })).toBe(1);
    const order = await h.ok('order', 'create', { itemType: 'column', itemId: column, userCouponId: ucBig.id }, { openid: 'checkout' });
    expect(order).toMatchObject({ originalFen: 9900, discountFen: 2970, amountFen: 6930, userCouponId: ucBig.id, status: 'pending' });
    // Quoting again while the learner's own order holds the coupon still answers (the create would reuse it).
    expect(
      (await h.ok('order', 'quote', { itemType: 'column', itemId: column, userCouponId: ucBig.id }, { openid: 'checkout' })).amountFen,
    ).toBe(6930);
    const mine = await h.ok('coupon', 'mine', {}, { openid: 'checkout' });
    expect(mine.items.find((u: any) => u.id === ucBig.id).status).toBe('locked');
    // The coupon this item's pending order holds is still offered here (marked locked); not for other items.
    const again = await h.ok('coupon', 'available', { itemType: 'column', itemId: column }, { openid: 'checkout' });
    expect(again.items.map((u: any) => [u.id, u.status])).toEqual([
      [ucBig.id, 'locked'],
      [ucSmall.id, 'unused'],
    ]);
    const elsewhereNow = await h.ok('coupon', 'available', { itemType: 'article', itemId: article }, { openid: 'checkout' });
    expect(elsewhereNow.items.map((u: any) => u.id)).toEqual([ucSmall.id]);
    // Repeating the create with the same coupon returns the same order.
    const same = await h.ok('order', 'create', { itemType: 'column', itemId: column, userCouponId: ucBig.id }, { openid: 'checkout' });
    expect(same.orderNo).toBe(order.orderNo);
  });

  it('refusals: other item, below minimum, someone else’s, locked by another pending order, stopped, expired, used — nothing changes', async () => {
    const c1 = await create({ discount: { type: 'amount', amountFen: 100 }, itemType: 'column', itemId: otherColumn });
    const c2 = await create({ discount: { type: 'amount', amountFen: 100 }, minSpendFen: 50000 });
    const c3 = await create({ discount: { type: 'amount', amountFen: 100 } });
    const c4 = await create({ discount: { type: 'amount', amountFen: 100 }, endsAt: '2026-06-01T03:00:00.000Z' });
    const u1 = await claim('refuse', c1.id);
    const u2 = await claim('refuse', c2.id);
    const u3 = await claim('refuse', c3.id);
    const u4 = await claim('refuse', c4.id);
    const before = await count(h, 'orders');
    await h.fails(
      'COUPON_NOT_APPLICABLE',
      'order',
      'create',
      { itemType: 'column', itemId: column, userCouponId: u1.id },
      { openid: 'refuse' },
    );
    await h.fails(
      'COUPON_NOT_APPLICABLE',
      'order',
      'create',
      { itemType: 'article', itemId: article, userCouponId: u1.id },
      { openid: 'refuse' },
    );
    await h.fails('COUPON_MIN_SPEND', 'order', 'create', { itemType: 'column', itemId: column, userCouponId: u2.id }, { openid: 'refuse' });
    await h.fails('NOT_FOUND', 'order', 'create', { itemType: 'column', itemId: column, userCouponId: u3.id }, { openid: 'thief' });
    await h.fails('NOT_FOUND', 'order', 'create', { itemType: 'column', itemId: column, userCouponId: 999999 }, { openid: 'refuse' });
    expect(await count(h, 'orders')).toBe(before);

    const locked = await h.ok('order', 'create', { itemType: 'article', itemId: article, userCouponId: u3.id }, { openid: 'refuse' });
    await h.fails('COUPON_LOCKED', 'order', 'create', { itemType: 'column', itemId: column, userCouponId: u3.id }, { openid: 'refuse' });
    // Switching this pending order to a coupon that does not apply is refused and leaves it as it was.
    await h.fails(
      'COUPON_NOT_APPLICABLE',
      'order',
      'create',
      { itemType: 'article', itemId: article, userCouponId: u1.id },
      { openid: 'refuse' },
    );
    expect((await h.db('orders').where('order_no', locked.orderNo).first()).status).toBe('pending');
    expect((await h.db('user_coupons').where('id', u3.id).first()).status).toBe('locked');
    // Switching to no coupon replaces the order and releases the coupon; switching back locks it again.
    const plain = await h.ok('order', 'create', { itemType: 'article', itemId: article }, { openid: 'refuse' });
    expect(plain).toMatchObject({ userCouponId: null, discountFen: 0 });
    expect((await h.db('orders').where('order_no', locked.orderNo).first()).status).toBe('closed');
    expect((await h.db('user_coupons').where('id', u3.id).first()).status).toBe('unused');
    const relocked = await h.ok('order', 'create', { itemType: 'article', itemId: article, userCouponId: u3.id }, { openid: 'refuse' });
    expect((await h.db('orders').where('order_no', plain.orderNo).first()).status).toBe('closed');
    expect(await count(h, 'orders')).toBe(before + 3);
    // Cancel releases it; then it works elsewhere.
    await h.ok('order', 'cancel', { orderNo: relocked.orderNo }, { openid: 'refuse' });
    expect((await h.db('user_coupons').where('id', u3.id).first()).status).toBe('unused');

    await h.ok('admin', 'coupon.stop', { id: c3.id }, { bearer });
    await h.fails('COUPON_EXPIRED', 'order', 'create', { itemType: 'column', itemId: column, userCouponId: u3.id }, { openid: 'refuse' });
    await h.fails('COUPON_EXPIRED', 'coupon', 'claim', { couponId: c3.id }, { openid: 'late' });
    const mine = await h.ok('coupon', 'mine', { status: 'expired' }, { openid: 'refuse' });
    expect(mine.items.map((u: any) => u.id)).toContain(u3.id);

    h.clock.advance(2 * 3600_000);
    await h.fails('COUPON_EXPIRED', 'order', 'create', { itemType: 'column', itemId: column, userCouponId: u4.id }, { openid: 'refuse' });
    await h.fails('COUPON_EXPIRED', 'coupon', 'claim', { couponId: c4.id }, { openid: 'late' });
    expect(await count(h, 'orders')).toBe(before + 3);
  });

  it('claim refusals: beyond stock, beyond the per-user limit, unknown coupon; bad input', async () => {
    const c = await create({ discount: { type: 'amount', amountFen: 100 }, stock: 2, perUserLimit: 2 });
    await claim('s1', c.id);
    await claim('s1', c.id);
    await h.fails('COUPON_LIMIT_REACHED', 'coupon', 'claim', { couponId: c.id }, { openid: 's1' });
    await h.fails('COUPON_SOLD_OUT', 'coupon', 'claim', { couponId: c.id }, { openid: 's2' });
    await h.fails('NOT_FOUND', 'coupon', 'claim', { couponId: 999999 }, { openid: 's2' });
    await h.fails('INVALID_INPUT', 'coupon', 'claim', { couponId: 'x' }, { openid: 's2' });
    await h.fails('UNAUTHENTICATED', 'coupon', 'claim', { couponId: c.id });
    expect((await h.ok('admin', 'coupon.get', { id: c.id }, { bearer })).claimed).toBe(2);
    expect(await count(h, 'user_coupons', { coupon_id: c.id })).toBe(2);
  });

  it('settlement spends the coupon in the settlement transaction; a refund does not give it back', async () => {
    const c = await create({ discount: { type: 'amount', amountFen: 1000 } });
    const uc = await claim('payer', c.id);
    const paid = await buy(h, 'payer', { itemType: 'membership', itemId: plan, userCouponId: uc.id });
    expect(paid).toMatchObject({ status: 'paid', originalFen: 2500, discountFen: 1000, amountFen: 1500 });
    expect((await h.db('user_coupons').where('id', uc.id).first()).status).toBe('used');
    expect((await h.ok('admin', 'coupon.get', { id: c.id }, { bearer })).used).toBe(1);
    await h.fails('COUPON_USED', 'order', 'create', { itemType: 'column', itemId: column, userCouponId: uc.id }, { openid: 'payer' });
    await refund(h, paid.orderNo);
    expect((await h.db('user_coupons').where('id', uc.id).first()).status).toBe('used');
  });

  it('the reconcile timer closing an expired order releases its coupon; an expired lock is freed on the next create', async () => {
    const c = await create({ discount: { type: 'amount', amountFen: 100 } });
    const uc = await claim('timer', c.id);
    await h.ok('order', 'create', { itemType: 'article', itemId: article, userCouponId: uc.id }, { openid: 'timer' });
    h.clock.advance(31 * 60_000);
    // The timer has not run yet: a create for another item frees the stale lock itself.
    const next = await h.ok('order', 'create', { itemType: 'column', itemId: column, userCouponId: uc.id }, { openid: 'timer' });
    expect(next.userCouponId).toBe(uc.id);
    h.clock.advance(31 * 60_000);
    await reconcile({ db: h.db, payments: h.deps.payments, log: h.log }, h.clock.now());
    expect((await h.db('orders').where('order_no', next.orderNo).first()).status).toBe('closed');
    expect((await h.db('user_coupons').where('id', uc.id).first()).status).toBe('unused');
  });

  it('concurrency: 40 learners racing for 10 coupons get exactly 10; one learner tapping 8× gets the per-user limit', async () => {
    const c = await create({ discount: { type: 'amount', amountFen: 100 }, stock: 10, perUserLimit: 1 });
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => h.call('coupon', 'claim', { couponId: c.id }, { openid: `race-${i}` })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    expect(new Set(results.filter((r) => !r.ok).map((r) => (r as any).error.code))).toEqual(new Set(['COUPON_SOLD_OUT']));
    expect(await count(h, 'user_coupons', { coupon_id: c.id })).toBe(10);
    expect((await h.db('coupons').where('id', c.id).first()).claimed).toBe(10);

    const d = await create({ discount: { type: 'amount', amountFen: 100 }, stock: 100, perUserLimit: 2 });
    const taps = await Promise.all(Array.from({ length: 8 }, () => h.call('coupon', 'claim', { couponId: d.id }, { openid: 'tapper' })));
    expect(taps.filter((r) => r.ok)).toHaveLength(2);
    expect(await count(h, 'user_coupons', { coupon_id: d.id })).toBe(2);
  });

  it('concurrency: one coupon used for orders of 6 items at once locks exactly one order', async () => {
    const now = h.clock.now();
    const c = await create({ discount: { type: 'amount', amountFen: 100 } });
    const uc = await claim('locker', c.id);
    const columns = await Promise.all(
      Array.from({ length: 6 }, (_, i) => insertColumn(h.db, now, { title: `锁券-${i}`, price_fen: 1000 })),
    );
    const results = await Promise.all(
      columns.map((id) => h.call('order', 'create', { itemType: 'column', itemId: id, userCouponId: uc.id }, { openid: 'locker' })),
    );
    const ok = results.filter((r) => r.ok);
    expect(ok).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => (r as any).error.code === 'COUPON_LOCKED')).toBe(true);
    const withCoupon = await h.db('orders').where('user_coupon_id', uc.id).where('status', 'pending');
    expect(withCoupon).toHaveLength(1);
    expect((await h.db('user_coupons').where('id', uc.id).first()).order_id).toBe(withCoupon[0].id);
  });
});
