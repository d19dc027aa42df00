import { createHarness, type Harness } from '../support/harness';
import { insertArticle, insertColumn } from '../support/fixtures';
import { testDbClient } from '../support/test-db';
import { entitlementsOf, notify, orderAndPrepay, payAtCashier } from '../support/payments';

/**
 * pay-notify: only the platform may call it, the event is checked against the order and
 * re-confirmed with queryOrder, every notification is recorded with its verdict, and however
 * many times (and however concurrently) a callback arrives, it grants once and acknowledges.
 */
describe(`pay-notify function (${testDbClient()})`, () => {
  let h: Harness;
  let column: number;
  let article: number;

  const eventsFor = (orderNo: string | null) =>
    orderNo === null ? h.db('payment_events').whereNull('order_no') : h.db('payment_events').where('order_no', orderNo).orderBy('id');
  const orderStatus = async (orderNo: string) => (await h.db('orders').where('order_no', orderNo).first('status')).status;

  beforeAll(async () => {
    h = await createHarness();
    const now = h.clock.now();
    column = await insertColumn(h.db, now, { title: '专栏', price_fen: 9900 });
    article = await insertArticle(h.db, now, column, { price_fen: 990 });
  });
  afterAll(() => h.close());

  it('a genuine callback settles the order, grants the column and answers { errcode: 0 }', async () => {
    const orderNo = await orderAndPrepay(h, 'happy', 'column', column);
    expect(await h.ok('catalog', 'column', { columnId: column }, { openid: 'happy' })).toMatchObject({ owned: false });
    const reply = await notify(h, payAtCashier(h, orderNo));
    expect(reply).toEqual({ errcode: 0, errmsg: 'OK' });
    const order = await h.ok('order', 'get', { orderNo }, { openid: 'happy' });
    expect(order.status).toBe('paid');
    expect(order.paidAt).not.toBeNull();
    const ents = await entitlementsOf(h, 'happy');
    expect(ents).toHaveLength(1);
    expect(ents[0]).toMatchObject({ scope: 'column', item_id: column, source: 'order', source_id: orderNo });
    expect(await h.ok('catalog', 'column', { columnId: column }, { openid: 'happy' })).toMatchObject({ owned: true });
    expect((await eventsFor(orderNo)).map((e: any) => e.verdict)).toEqual(['settled']);
  });

  it('a client forging a pay-notify call is rejected and nothing is granted', async () => {
    const orderNo = await orderAndPrepay(h, 'forger', 'column', column);
    const event = payAtCashier(h, orderNo); // even a real, paid trade's event
    for (const source of ['wx_client', 'wx_devtools', 'wx_http', 'wx_trigger', 'scf', '']) {
      const reply = await notify(h, event, source);
      expect(reply.errcode).not.toBe(0);
      expect(await notify(h, { ...event, $url: 'cloudpay' }, source)).toMatchObject({
        errcode: -1,
        errmsg: expect.stringContaining('FORBIDDEN'),
      });
    }
    // through the harness as a learner, too
    const viaClient: any = await h.call('pay-notify', 'cloudpay', event, { openid: 'forger' });
    expect(viaClient.errcode).not.toBe(0);
    expect(await entitlementsOf(h, 'forger')).toHaveLength(0);
    expect(await orderStatus(orderNo)).toBe('pending');
    expect(await eventsFor(orderNo)).toHaveLength(0);
  });

  it('a platform-sourced event for a trade that was never paid grants nothing (queryOrder says NOTPAY)', async () => {
    const orderNo = await orderAndPrepay(h, 'replayer', 'article', article);
    const order = await h.db('orders').where('order_no', orderNo).first();
    const fabricated = {
      returnCode: 'SUCCESS',
      resultCode: 'SUCCESS',
      outTradeNo: orderNo,
      transactionId: '4200000000000000000000000001',
      totalFee: order.amount_fen,
      subMchId: h.deps.payments.merchantId,
      timeEnd: '20260601100000',
    };
    expect((await notify(h, fabricated)).errcode).toBe(0);
    expect(await orderStatus(orderNo)).toBe('pending');
    expect(await entitlementsOf(h, 'replayer')).toHaveLength(0);
    expect((await eventsFor(orderNo)).map((e: any) => e.verdict)).toEqual(['rejected_unconfirmed']);
  });

  it('wrong amount, wrong merchant, unknown order, FAIL codes and malformed events: no grant, each recorded', async () => {
    const orderNo = await orderAndPrepay(h, 'victim', 'column', column);
    const real = payAtCashier(h, orderNo);
    const cases: Array<[string, Record<string, unknown>]> = [
      ['rejected_amount', { ...real, totalFee: 1 }],
      ['rejected_merchant', { ...real, subMchId: '1900000999' }],
      ['rejected_result', { ...real, resultCode: 'FAIL' }],
      ['rejected_result', { ...real, returnCode: 'FAIL' }],
      ['rejected_malformed', { ...real, totalFee: '99.00' }],
      ['rejected_malformed', { ...real, totalFee: -1 }],
      ['rejected_malformed', { ...real, transactionId: undefined }],
    ];
    for (const [verdict, event] of cases) {
      expect(await notify(h, event)).toEqual({ errcode: 0, errmsg: 'OK' });
      const last = (await eventsFor(orderNo)).pop();
      expect(last.verdict).toBe(verdict);
    }
    expect((await notify(h, { ...real, outTradeNo: '20260601000000ffffffffffffffff' })).errcode).toBe(0);
    expect((await h.db('payment_events').where('order_no', '20260601000000ffffffffffffffff').first()).verdict).toBe(
      'rejected_unknown_order',
    );
    expect((await notify(h, { ...real, outTradeNo: 'x'.repeat(40) })).errcode).toBe(0);
    expect(await orderStatus(orderNo)).toBe('pending');
    expect(await entitlementsOf(h, 'victim')).toHaveLength(0);
  });

  it('the same callback 15 times, then 10 at once: one grant, every reply acknowledges', async () => {
    const orderNo = await orderAndPrepay(h, 'storm', 'column', column);
    const event = payAtCashier(h, orderNo);
    for (let i = 0; i < 15; i++) expect(await notify(h, event)).toEqual({ errcode: 0, errmsg: 'OK' });
    const burst = await Promise.all(Array.from({ length: 10 }, () => notify(h, event)));
    expect(burst.every((r) => r.errcode === 0)).toBe(true);
    expect(await entitlementsOf(h, 'storm')).toHaveLength(1);
    const verdicts = (await eventsFor(orderNo)).map((e: any) => e.verdict);
    expect(verdicts.filter((v: string) => v === 'settled')).toHaveLength(1);
    expect(verdicts.filter((v: string) => v === 'duplicate')).toHaveLength(24);
  });

  it('10 concurrent first deliveries of one callback: exactly one settles (real race on MySQL)', async () => {
    const orderNo = await orderAndPrepay(h, 'race', 'column', column);
    const event = payAtCashier(h, orderNo);
    const replies = await Promise.all(Array.from({ length: 10 }, () => notify(h, event)));
    expect(replies.every((r) => r.errcode === 0)).toBe(true);
    expect(await entitlementsOf(h, 'race')).toHaveLength(1);
    const verdicts = (await eventsFor(orderNo)).map((e: any) => e.verdict);
    expect(verdicts.filter((v: string) => v === 'settled')).toHaveLength(1);
    expect(verdicts).toHaveLength(10);
  });

  it('a totalFee delivered as a digit string is read as fen', async () => {
    const orderNo = await orderAndPrepay(h, 'stringly', 'article', article);
    const event = payAtCashier(h, orderNo);
    expect(await notify(h, { ...event, totalFee: String(event.totalFee) })).toEqual({ errcode: 0, errmsg: 'OK' });
    expect(await orderStatus(orderNo)).toBe('paid');
  });

  it('a refund result callback is recorded and acknowledged; a failed refund is marked on the refund row', async () => {
    const orderNo = await orderAndPrepay(h, 'refund-cb', 'article', article);
    await notify(h, payAtCashier(h, orderNo));
    const order = await h.db('orders').where('order_no', orderNo).first();
    await h.db('refunds').insert({
      out_refund_no: `R${orderNo}`,
      order_id: order.id,
      amount_fen: order.amount_fen,
      reason: '',
      status: 'succeeded',
      created_at: new Date(),
      updated_at: new Date(),
    });
    const refundEvent = {
      returnCode: 'SUCCESS',
      appid: 'wx',
      mchId: '1',
      subMchId: h.deps.payments.merchantId,
      outTradeNo: orderNo,
      outRefundNo: `R${orderNo}`,
      refundId: '5030',
      totalFee: order.amount_fen,
      refundFee: order.amount_fen,
      refundStatus: 'CHANGE',
    };
    expect(await notify(h, refundEvent)).toEqual({ errcode: 0, errmsg: 'OK' });
    expect((await h.db('refunds').where('order_id', order.id).first()).status).toBe('failed');
    expect((await eventsFor(orderNo)).pop()).toMatchObject({ kind: 'refund', verdict: 'refund_change' });
    // it is never mistaken for a payment
    expect(await entitlementsOf(h, 'refund-cb')).toHaveLength(1);
  });

  it('a callback after the order was closed (cancelled or expired) still settles it: the money was taken', async () => {
    const cancelled = await orderAndPrepay(h, 'late-payer', 'article', article);
    await h.ok('order', 'cancel', { orderNo: cancelled }, { openid: 'late-payer' });
    expect((await notify(h, payAtCashier(h, cancelled))).errcode).toBe(0);
    expect(await orderStatus(cancelled)).toBe('paid');
    expect(await entitlementsOf(h, 'late-payer')).toHaveLength(1);
  });

  it('a failure on our side answers errcode ≠ 0 so the platform retries, and the retry settles', async () => {
    const orderNo = await orderAndPrepay(h, 'retry', 'column', column);
    const event = payAtCashier(h, orderNo);
    const flaky = {
      ...h.deps,
      payments: Object.assign(Object.create(h.deps.payments), {
        query: async () => {
          throw new Error('ETIMEDOUT');
        },
      }),
    };
    const first = await notify(h, event, 'wx_paycallback', flaky);
    expect(first.errcode).not.toBe(0);
    expect(first.errmsg).not.toContain('ETIMEDOUT');
    expect(await orderStatus(orderNo)).toBe('pending');
    expect((await notify(h, event)).errcode).toBe(0);
    expect(await orderStatus(orderNo)).toBe('paid');
  });
});
