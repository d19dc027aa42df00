import { createHarness, type Harness } from '../support/harness';
import { insertArticle, insertColumn } from '../support/fixtures';
import { entitlementsOf, notify, orderAndPrepay, payAtCashier, sandboxOf } from '../support/payments';
import { adminToken } from '../functions/admin/admin-support';

/**
 * Findings 4 and 5 (issue 14): a cancelled order's trade stayed open at the gateway and could be paid after the same
 * column was bought again; a stale pending article order stayed payable after its column was bought. Now cancels
 * close the trade at the gateway (after cloud pay's 5-minute rule, from the timer when too early), ownership is
 * checked again at prepay and at settlement, and a payment that settlement will not keep is refunded through the
 * gateway automatically and shown in order.get.
 */
describe('no double charges', () => {
  let h: Harness;
  let column: number;
  let article: number;
  const statusOf = async (orderNo: string) => (await h.db('orders').where('order_no', orderNo).first('status')).status;

  beforeEach(async () => {
    h = await createHarness();
    const now = h.clock.now();
    column = await insertColumn(h.db, now, { title: '专栏', price_fen: 9900 });
    article = await insertArticle(h.db, now, column, { price_fen: 990 });
  });
  afterEach(() => h.close());

  it('create A → prepay → cancel → create and pay B → pay A at its cashier: one charge kept, A refunded', async () => {
    const who = { openid: 'twice' };
    const a = await orderAndPrepay(h, who.openid, 'column', column);
    await h.ok('order', 'cancel', { orderNo: a }, who);
    const b = await orderAndPrepay(h, who.openid, 'column', column);
    expect(b).not.toBe(a);
    expect((await notify(h, payAtCashier(h, b))).errcode).toBe(0);
    // A's trade is still open at the gateway (closing it within 5 minutes is refused), so the cashier takes money.
    const late = await sandboxOf(h).pay(a);
    if (late) expect((await notify(h, late)).errcode).toBe(0);

    expect(await statusOf(b)).toBe('paid');
    expect(await statusOf(a)).toBe(late ? 'refunded' : 'closed');
    expect(await entitlementsOf(h, who.openid)).toHaveLength(1);
    if (late) {
      expect((await sandboxOf(h).trade(a))?.state).toBe('REFUND');
      const seen = await h.ok('order', 'get', { orderNo: a }, who);
      expect(seen).toMatchObject({ status: 'refunded', autoRefunded: true, refund: { auto: true, status: 'succeeded', amountFen: 9900 } });
      expect(seen.refund.note).toContain('自动原路退回');
    }
    // Money kept: exactly one trade paid and not refunded.
    const states = [(await sandboxOf(h).trade(a))?.state, (await sandboxOf(h).trade(b))?.state];
    const kept = [a, b].filter((_no, i) => states[i] === 'SUCCESS');
    expect(kept).toEqual([b]);
  });

  it('the cancel closes the trade at the gateway once cloud pay allows it (the timer retries the early close)', async () => {
    const who = { openid: 'closer' };
    const a = await orderAndPrepay(h, who.openid, 'column', column);
    await h.ok('order', 'cancel', { orderNo: a }, who);
    expect((await sandboxOf(h).trade(a))?.state).toBe('NOTPAY'); // too early: left for the timer
    h.clock.advance(5 * 60_000 + 1000);
    const tally = await h.call('pay', 'reconcile', {}, { source: 'wx_trigger' });
    expect(tally.ok).toBe(true);
    expect((await sandboxOf(h).trade(a))?.state).toBe('CLOSED');
    expect(await sandboxOf(h).pay(a)).toBeNull(); // the cashier refuses a closed trade
    expect((await h.db('orders').where('order_no', a).first()).gateway_close_due_at).toBeNull();
  });

  it('a stale pending article order after buying its column: create and prepay answer ALREADY_OWNED', async () => {
    const who = { openid: 'stale' };
    const articleOrder = await h.ok('order', 'create', { itemType: 'article', itemId: article }, who);
    const columnOrder = await orderAndPrepay(h, who.openid, 'column', column);
    expect((await notify(h, payAtCashier(h, columnOrder))).errcode).toBe(0);
    await h.fails('ALREADY_OWNED', 'pay', 'prepay', { orderNo: articleOrder.orderNo }, who);
    expect(await statusOf(articleOrder.orderNo)).toBe('closed');
    await h.fails('ALREADY_OWNED', 'order', 'create', { itemType: 'article', itemId: article }, who);
  });

  it('if the stale article order still gets paid (prepaid before the column), settlement refunds it', async () => {
    const who = { openid: 'stale-paid' };
    const articleOrder = await orderAndPrepay(h, who.openid, 'article', article);
    const columnOrder = await orderAndPrepay(h, who.openid, 'column', column);
    expect((await notify(h, payAtCashier(h, columnOrder))).errcode).toBe(0);
    const paidEvent = await payAtCashier(h, articleOrder);
    expect((await notify(h, paidEvent)).errcode).toBe(0);
    expect(await statusOf(articleOrder)).toBe('refunded');
    const ents = await entitlementsOf(h, who.openid);
    expect(ents.map((e: any) => e.scope)).toEqual(['column']);
    expect((await sandboxOf(h).trade(articleOrder))?.state).toBe('REFUND');
    const seen = await h.ok('order', 'get', { orderNo: articleOrder }, who);
    expect(seen.refund).toMatchObject({ auto: true, status: 'succeeded' });
    expect(seen.refund.note).toContain('你已拥有该内容');
    // A repeated callback is a duplicate: nothing more is granted or refunded.
    const events = Number((await h.db('payment_events').where('order_no', articleOrder).count('* as n').first())!.n);
    expect((await notify(h, paidEvent)).errcode).toBe(0);
    expect(await entitlementsOf(h, who.openid)).toHaveLength(1);
    expect(await h.db('refunds').where({ order_id: (await h.db('orders').where('order_no', articleOrder).first()).id })).toHaveLength(1);
    expect(Number((await h.db('payment_events').where('order_no', articleOrder).count('* as n').first())!.n)).toBe(events + 1);
  });

  it('an automatic refund the platform refused stays visible as failed and staff can retry it: the money moves once', async () => {
    const who = { openid: 'refused-refund' };
    const articleOrder = await orderAndPrepay(h, who.openid, 'article', article);
    const columnOrder = await orderAndPrepay(h, who.openid, 'column', column);
    expect((await notify(h, payAtCashier(h, columnOrder))).errcode).toBe(0);
    // The merchant balance is short when the article's payment arrives: the platform refuses the refund.
    const gateway = sandboxOf(h);
    const realRefund = gateway.refund.bind(gateway);
    gateway.refund = async () => ({ accepted: false, detail: 'NOT_ENOUGH' });
    expect((await notify(h, payAtCashier(h, articleOrder))).errcode).toBe(0);
    expect((await h.ok('order', 'get', { orderNo: articleOrder }, who)).refund).toMatchObject({ auto: true, status: 'failed' });
    expect((await gateway.trade(articleOrder))?.state).toBe('SUCCESS'); // the money is still with the merchant

    const owner = { bearer: await adminToken(h, 'boss', 'owner') };
    const support = { bearer: await adminToken(h, 'helper', 'support') };
    await h.fails('FORBIDDEN', 'admin', 'order.refund', { orderNo: articleOrder, reason: '重试' }, support);
    // Refused again: a clear conflict, the refund stays failed.
    const again = await h.fails('CONFLICT', 'admin', 'order.refund', { orderNo: articleOrder, reason: '重试' }, owner);
    expect(again.message).toContain('仍未受理');
    gateway.refund = realRefund;
    const retried = await h.ok('admin', 'order.refund', { orderNo: articleOrder, reason: '重试' }, owner);
    expect(retried.status).toBe('refunded');
    expect((await h.ok('order', 'get', { orderNo: articleOrder }, who)).refund).toMatchObject({ auto: true, status: 'succeeded' });
    expect((await gateway.trade(articleOrder))?.state).toBe('REFUND');
    // Once succeeded, another retry changes nothing; the column stays granted; each retry is audited.
    await h.ok('admin', 'order.refund', { orderNo: articleOrder, reason: '重复点击' }, owner);
    expect((await entitlementsOf(h, who.openid)).map((e: any) => e.scope)).toEqual(['column']);
    expect(await h.db('audit_log').where({ action: 'order.refund_retry', target_id: articleOrder })).toHaveLength(2);
    expect((await h.db('refunds')).filter((r: any) => r.status === 'succeeded')).toHaveLength(1);
  });

  it('two orders of one learner for the same column paid at the same moment: one kept, one refunded', async () => {
    const who = { openid: 'racer' };
    const a = await orderAndPrepay(h, who.openid, 'column', column);
    await h.ok('order', 'cancel', { orderNo: a }, who);
    const b = await orderAndPrepay(h, who.openid, 'column', column);
    const [ea, eb] = [await payAtCashier(h, a), await payAtCashier(h, b)];
    const replies = await Promise.all([notify(h, ea), notify(h, eb), notify(h, ea), notify(h, eb)]);
    expect(replies.every((r) => r.errcode === 0)).toBe(true);
    expect(await entitlementsOf(h, who.openid)).toHaveLength(1);
    expect([await statusOf(a), await statusOf(b)].sort()).toEqual(['paid', 'refunded']);
  });
});
