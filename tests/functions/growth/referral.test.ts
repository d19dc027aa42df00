import { createHarness, type Harness } from '../../support/harness';
import { insertColumn } from '../../support/fixtures';
import { testDbClient } from '../../support/test-db';
import { buy, count, owner, refund } from './growth-support';

/**
 * Single-level referral: first binding wins, commission floor(paid × rate / 100) held for
 * holdDays, cancelled by a refund inside the hold, paid out by hand never beyond what is available.
 */
describe(`referral (${testDbClient()})`, () => {
  let h: Harness;
  let bearer: string;
  let column: number;
  let column2: number;
  let code: string;

  beforeAll(async () => {
    h = await createHarness({ poolMax: 10 });
    const now = h.clock.now();
    column = await insertColumn(h.db, now, { title: '推广专栏', price_fen: 9999 });
    column2 = await insertColumn(h.db, now, { title: '推广专栏二', price_fen: 5000 });
    bearer = await owner(h);
  });
  afterAll(() => h.close());

  it('settings default to 0 % / 7 days and are validated', async () => {
    expect(await h.ok('admin', 'referral.getSettings', {}, { bearer })).toEqual({ ratePercent: 0, holdDays: 7 });
    await h.fails('INVALID_INPUT', 'admin', 'referral.settings', { ratePercent: 51, holdDays: 7 }, { bearer });
    await h.fails('INVALID_INPUT', 'admin', 'referral.settings', { ratePercent: 10, holdDays: -1 }, { bearer });
    expect(await h.ok('admin', 'referral.settings', { ratePercent: 15, holdDays: 7 }, { bearer })).toEqual({
      ratePercent: 15,
      holdDays: 7,
    });
    expect(await count(h, 'audit_log', { action: 'referral.settings' })).toBe(1);
  });

  it('me gives a stable short code; bind: own code INVALID_INPUT, unknown NOT_FOUND, first binding wins', async () => {
    const me = await h.ok('referral', 'me', {}, { openid: 'promoter' });
    expect(me).toMatchObject({ pendingFen: 0, availableFen: 0, cancelledFen: 0 });
    expect(me.code).toMatch(/^[A-Z2-9]{8}$/);
    code = me.code;
    expect((await h.ok('referral', 'me', {}, { openid: 'promoter' })).code).toBe(code);
    await h.fails('INVALID_INPUT', 'referral', 'bind', { code }, { openid: 'promoter' });
    await h.fails('NOT_FOUND', 'referral', 'bind', { code: 'ZZZZZZZZ' }, { openid: 'buyer' });
    expect(await h.ok('referral', 'bind', { code: code.toLowerCase() }, { openid: 'buyer' })).toEqual({ bound: true });
    const other = (await h.ok('referral', 'me', {}, { openid: 'other-promoter' })).code;
    expect(await h.ok('referral', 'bind', { code: other }, { openid: 'buyer' })).toEqual({ bound: false });
    expect(await h.ok('referral', 'bind', { code }, { openid: 'buyer' })).toEqual({ bound: true });
    // Concurrent binds of one newcomer to two codes: exactly one wins.
    const race = await Promise.all([code, other, code, other].map((c) => h.ok('referral', 'bind', { code: c }, { openid: 'newcomer' })));
    expect(race.filter((r) => r.bound).length).toBe(2);
    expect(await count(h, 'referral_bindings', {})).toBe(2);
  });

  it('a referred purchase holds floor(amount × rate / 100) for holdDays, then it is available', async () => {
    const order = await buy(h, 'buyer', { itemType: 'column', itemId: column });
    expect(order.amountFen).toBe(9999);
    let me = await h.ok('referral', 'me', {}, { openid: 'promoter' });
    expect(me).toMatchObject({ pendingFen: 1499, availableFen: 0, cancelledFen: 0 });
    const list = await h.ok('admin', 'commission.list', {}, { bearer });
    expect(list.items[0]).toMatchObject({
      orderNo: order.orderNo,
      referrerOpenid: 'promoter',
      buyerOpenid: 'buyer',
      amountFen: 1499,
      ratePercent: 15,
      status: 'pending',
    });
    h.clock.advance(7 * 86400_000);
    bearer = await owner(h); // a fresh CMS session: the old one expired during the week
    me = await h.ok('referral', 'me', {}, { openid: 'promoter' });
    expect(me).toMatchObject({ pendingFen: 0, availableFen: 1499 });
    expect((await h.ok('admin', 'commission.list', { status: 'available' }, { bearer })).items).toHaveLength(1);
    // A refund after the hold leaves an earned commission alone.
    await refund(h, order.orderNo);
    expect((await h.ok('referral', 'me', {}, { openid: 'promoter' })).availableFen).toBe(1499);
  });

  it('a refund inside the hold cancels the commission', async () => {
    const order = await buy(h, 'buyer', { itemType: 'column', itemId: column2 });
    expect((await h.ok('referral', 'me', {}, { openid: 'promoter' })).pendingFen).toBe(750);
    await refund(h, order.orderNo);
    const me = await h.ok('referral', 'me', {}, { openid: 'promoter' });
    expect(me).toMatchObject({ pendingFen: 0, availableFen: 1499, cancelledFen: 750 });
    expect((await h.ok('admin', 'commission.list', { status: 'cancelled' }, { bearer })).items[0].orderNo).toBe(order.orderNo);
  });

  it('payouts: never above available (PAYOUT_EXCEEDS_AVAILABLE), audited, and concurrent payouts cannot overdraw', async () => {
    await h.fails('PAYOUT_EXCEEDS_AVAILABLE', 'admin', 'payout.create', { openid: 'promoter', amountFen: 1500 }, { bearer });
    await h.fails('NOT_FOUND', 'admin', 'payout.create', { openid: 'nobody-here', amountFen: 1 }, { bearer });
    await h.fails('INVALID_INPUT', 'admin', 'payout.create', { openid: 'promoter', amountFen: 0 }, { bearer });
    expect(await count(h, 'payouts')).toBe(0);
    const paid = await h.ok('admin', 'payout.create', { openid: 'promoter', amountFen: 499, note: '银行转账' }, { bearer });
    expect(paid).toMatchObject({ openid: 'promoter', amountFen: 499, availableFen: 1000 });
    expect(await count(h, 'audit_log', { action: 'payout.create' })).toBe(1);
    const race = await Promise.all(
      [0, 1, 2, 3, 4].map(() => h.call('admin', 'payout.create', { openid: 'promoter', amountFen: 400 }, { bearer })),
    );
    expect(race.filter((r) => r.ok)).toHaveLength(2);
    expect(race.filter((r) => !r.ok).every((r) => (r as any).error.code === 'PAYOUT_EXCEEDS_AVAILABLE')).toBe(true);
    expect((await h.ok('referral', 'me', {}, { openid: 'promoter' })).availableFen).toBe(200);
    expect((await h.ok('admin', 'payout.list', {}, { bearer })).items).toHaveLength(3);
  });

  it('the poster code is a PNG whose scene is the short code (≤ 32 chars)', async () => {
    const poster = await h.ok('referral', 'poster', {}, { openid: 'promoter' });
    expect(poster.scene).toBe(`r=${code}`);
    expect(poster.scene.length).toBeLessThanOrEqual(32);
    const png = Buffer.from(poster.image.replace(/^data:image\/png;base64,/, ''), 'base64');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });

  it('the growth report shows revenue before and after discounts and what each coupon and referrer brought', async () => {
    const c = await h.ok(
      'admin',
      'coupon.create',
      { title: '报表券', discount: { type: 'amount', amountFen: 1000 }, stock: 5, perUserLimit: 1 },
      { bearer },
    );
    const uc = await h.ok('coupon', 'claim', { couponId: c.id }, { openid: 'report-buyer' });
    const col3 = await insertColumn(h.db, h.clock.now(), { title: '报表专栏', price_fen: 3000 });
    await buy(h, 'report-buyer', { itemType: 'column', itemId: col3, userCouponId: uc.id });
    const report = await h.ok('admin', 'stats.growth', { days: 30 }, { bearer });
    expect(report.totals).toMatchObject({ couponOrders: 1, discountFen: 1000 });
    expect(report.totals.originalFen - report.totals.discountFen).toBe(report.totals.revenueFen);
    expect(report.byCoupon).toEqual([
      expect.objectContaining({ couponId: c.id, title: '报表券', orders: 1, discountFen: 1000, revenueFen: 2000 }),
    ]);
    const promoter = report.byReferrer.find((r: any) => r.openid === 'promoter');
    expect(promoter).toMatchObject({ orders: 2, revenueFen: 9999 + 5000 });
  });
});
