import { loadFunction } from '../../server/emulator/functions';
import { SandboxGateway } from '../../server/adapters/payment/sandbox.gateway';
import type { Deps } from '../../server/runtime/deps';
import { createHarness, callerFor, type Harness } from '../support/harness';
import { insertArticle, insertColumn } from '../support/fixtures';
import { testDbClient } from '../support/test-db';
import { entitlementsOf, notify, orderAndPrepay, payAtCashier, sandboxOf } from '../support/payments';

const MIN = 60 * 1000;
const DAY = 24 * 60 * MIN;

/**
 * pay: prepay only the caller's own payable order; confirm and the reconcile timer recover a
 * lost callback by asking the gateway; expired orders close at the gateway and here.
 */
describe(`pay function (${testDbClient()})`, () => {
  let h: Harness;
  let start: Date;
  let column: number;
  let article: number;
  let month: number;
  let year: number;

  const timer = (deps: Deps = h.deps) =>
    loadFunction('pay').invoke(
      { Type: 'Timer', TriggerName: 'reconcile', Time: h.clock.now().toISOString() },
      { deps, caller: callerFor({ source: 'wx_trigger' }) },
    );
  const status = async (orderNo: string) => (await h.db('orders').where('order_no', orderNo).first('status')).status;

  beforeAll(async () => {
    h = await createHarness();
    start = h.clock.now();
    column = await insertColumn(h.db, start, { price_fen: 9900, member_included: true });
    article = await insertArticle(h.db, start, column, { price_fen: 990 });
    const [m] = await h
      .db('membership_plans')
      .insert({ name: '月度会员', duration_days: 30, price_fen: 2500, status: 'active', sort: 0, created_at: start, updated_at: start });
    const [y] = await h
      .db('membership_plans')
      .insert({ name: '年度会员', duration_days: 365, price_fen: 19800, status: 'active', sort: 1, created_at: start, updated_at: start });
    month = Number(m);
    year = Number(y);
  });
  afterEach(() => h.clock.set(start));
  afterAll(() => h.close());

  it('prepay returns the provider, the wx.requestPayment object and (sandbox) the cashier URL', async () => {
    const order = await h.ok('order', 'create', { itemType: 'column', itemId: column }, { openid: 'p1' });
    const res = await h.ok('pay', 'prepay', { orderNo: order.orderNo }, { openid: 'p1' });
    expect(res.provider).toBe('sandbox');
    expect(Object.keys(res.payment).sort()).toEqual(['nonceStr', 'package', 'paySign', 'signType', 'timeStamp']);
    expect(res.cashierUrl).toMatch(new RegExp(`/sandbox/pay/${order.orderNo}$`));
    expect(sandboxOf(h).trade(order.orderNo)).toMatchObject({ amountFen: 9900, state: 'NOTPAY' });
  });

  it('prepay of someone else’s order is NOT_FOUND; paid, closed or expired orders are ORDER_NOT_PAYABLE', async () => {
    const order = await h.ok('order', 'create', { itemType: 'article', itemId: article }, { openid: 'p2' });
    await h.fails('NOT_FOUND', 'pay', 'prepay', { orderNo: order.orderNo }, { openid: 'thief' });
    await h.fails('NOT_FOUND', 'pay', 'confirm', { orderNo: order.orderNo }, { openid: 'thief' });
    expect(sandboxOf(h).trade(order.orderNo)).toBeNull();
    await h.fails('UNAUTHENTICATED', 'pay', 'prepay', { orderNo: order.orderNo });
    await h.fails('INVALID_INPUT', 'pay', 'prepay', { orderNo: order.orderNo, amountFen: 1 }, { openid: 'p2' });
    await h.fails('INVALID_INPUT', 'pay', 'prepay', {}, { openid: 'p2' });

    h.clock.advance(30 * MIN);
    await h.fails('ORDER_NOT_PAYABLE', 'pay', 'prepay', { orderNo: order.orderNo }, { openid: 'p2' });
    h.clock.set(start);

    await h.ok('pay', 'prepay', { orderNo: order.orderNo }, { openid: 'p2' });
    await notify(h, payAtCashier(h, order.orderNo));
    await h.fails('ORDER_NOT_PAYABLE', 'pay', 'prepay', { orderNo: order.orderNo }, { openid: 'p2' });

    const other = await h.ok('order', 'create', { itemType: 'membership', itemId: month }, { openid: 'p2' });
    await h.ok('order', 'cancel', { orderNo: other.orderNo }, { openid: 'p2' });
    await h.fails('ORDER_NOT_PAYABLE', 'pay', 'prepay', { orderNo: other.orderNo }, { openid: 'p2' });
  });

  it('callback lost → confirm asks the gateway and settles; unpaid confirm changes nothing', async () => {
    const orderNo = await orderAndPrepay(h, 'lost-1', 'column', column);
    expect((await h.ok('pay', 'confirm', { orderNo }, { openid: 'lost-1' })).status).toBe('pending');
    payAtCashier(h, orderNo); // paid, but the callback never arrives
    const confirmed = await h.ok('pay', 'confirm', { orderNo }, { openid: 'lost-1' });
    expect(confirmed.status).toBe('paid');
    expect(await entitlementsOf(h, 'lost-1')).toHaveLength(1);
    // the late callback is then a duplicate
    expect((await notify(h, payAtCashier(h, orderNo))).errcode).toBe(0);
    expect(await entitlementsOf(h, 'lost-1')).toHaveLength(1);
    const verdicts = (await h.db('payment_events').where('order_no', orderNo).orderBy('id')).map((e: any) => [e.kind, e.verdict]);
    expect(verdicts).toEqual([
      ['confirm', 'settled'],
      ['notify', 'duplicate'],
    ]);
  });

  it('callback lost → the reconcile timer settles paid orders older than a minute, closes expired ones', async () => {
    const paid = await orderAndPrepay(h, 'lost-2', 'column', column);
    const abandoned = await orderAndPrepay(h, 'quitter', 'column', column);
    payAtCashier(h, paid);
    // Too young: left alone.
    let tally = await timer();
    expect(tally).toEqual({ ok: true, data: expect.objectContaining({ settled: 0, closed: 0 }) });
    h.clock.advance(2 * MIN);
    tally = await timer();
    expect(tally.ok && tally.data).toMatchObject({ settled: 1, closed: 0 });
    expect(await status(paid)).toBe('paid');
    expect(await status(abandoned)).toBe('pending');
    h.clock.advance(30 * MIN);
    tally = await timer();
    expect(tally.ok && (tally.data as { closed: number }).closed).toBeGreaterThanOrEqual(1);
    expect(await status(abandoned)).toBe('closed');
    expect(sandboxOf(h).trade(abandoned)?.state).toBe('CLOSED');
    expect(await entitlementsOf(h, 'quitter')).toHaveLength(0);
  });

  it('a close answered "already paid" settles instead of closing', async () => {
    const orderNo = await orderAndPrepay(h, 'just-in-time', 'article', article);
    const sandbox = sandboxOf(h);
    // The trade is paid between our query and our close.
    const racy = Object.assign(Object.create(sandbox) as SandboxGateway, {
      async query(no: string) {
        return no === orderNo && sandbox.trade(no)?.state === 'NOTPAY' ? { state: 'NOTPAY' as const } : sandbox.query(no);
      },
      async close(no: string) {
        if (no === orderNo) payAtCashier(h, no);
        return sandbox.close(no);
      },
    });
    h.clock.advance(31 * MIN);
    const tally = await timer({ ...h.deps, payments: racy });
    expect(tally.ok && tally.data).toMatchObject({ settled: 1 });
    expect(await status(orderNo)).toBe('paid');
    expect(await entitlementsOf(h, 'just-in-time')).toHaveLength(1);
  });

  it('bad input to prepay and confirm: clear codes, no trade opened, nothing settled', async () => {
    const order = await h.ok('order', 'create', { itemType: 'column', itemId: column }, { openid: 'p3' });
    for (const input of [
      {},
      { orderNo: 42 },
      { orderNo: '' },
      { orderNo: 'x'.repeat(33) },
      { orderNo: 'ABC!' },
      { orderNo: order.orderNo, openid: 'p1' },
    ]) {
      await h.fails('INVALID_INPUT', 'pay', 'prepay', input, { openid: 'p3' });
      await h.fails('INVALID_INPUT', 'pay', 'confirm', input, { openid: 'p3' });
    }
    await h.fails('NOT_FOUND', 'pay', 'confirm', { orderNo: '20260601000000ffffffffffffffff' }, { openid: 'p3' });
    await h.fails('NOT_FOUND', 'pay', 'unknownAction', {}, { openid: 'p3' });
    expect(sandboxOf(h).trade(order.orderNo)).toBeNull();
    expect(await status(order.orderNo)).toBe('pending');
    expect(await h.db('payment_events').where('order_no', order.orderNo)).toHaveLength(0);
  });

  it('only the timer may reconcile', async () => {
    await h.fails('FORBIDDEN', 'pay', 'reconcile', {}, { openid: 'p1' });
    await h.fails('FORBIDDEN', 'pay', 'reconcile', {});
    // a client sending a timer-shaped event is not the timer
    const res = await loadFunction('pay').invoke({ Type: 'Timer' }, { deps: h.deps, caller: callerFor({ openid: 'p1' }) });
    expect(res.ok).toBe(false);
  });

  it('a membership renews from the current expiry; two concurrent renewals extend twice', async () => {
    const first = await orderAndPrepay(h, 'member', 'membership', month);
    await notify(h, payAtCashier(h, first));
    const [e1] = await entitlementsOf(h, 'member');
    expect(new Date(e1.expires_at).getTime()).toBe(start.getTime() + 30 * DAY);
    expect(await h.ok('catalog', 'column', { columnId: column }, { openid: 'member' })).toMatchObject({ owned: true });

    const a = await orderAndPrepay(h, 'member', 'membership', month);
    const b = await orderAndPrepay(h, 'member', 'membership', year);
    const ea = payAtCashier(h, a);
    const eb = payAtCashier(h, b);
    const replies = await Promise.all([notify(h, ea), notify(h, eb), notify(h, ea), notify(h, eb)]);
    expect(replies.every((r) => r.errcode === 0)).toBe(true);
    const ents = await entitlementsOf(h, 'member');
    expect(ents).toHaveLength(3);
    const latest = Math.max(...ents.map((e: any) => new Date(e.expires_at).getTime()));
    expect(latest).toBe(start.getTime() + (30 + 30 + 365) * DAY);
    // Renewals chain: each one starts where another ends, no overlap.
    const spans = ents
      .map((e: any) => [new Date(e.starts_at).getTime(), new Date(e.expires_at).getTime()])
      .sort((x: number[], y: number[]) => x[0] - y[0]);
    for (let i = 1; i < spans.length; i++) expect(spans[i][0]).toBe(spans[i - 1][1]);
  });
});
