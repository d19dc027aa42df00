import type http from 'node:http';
import { createGateway } from '../../server/emulator/http-gateway';
import { loadAllFunctions } from '../../server/emulator/functions';
import { sandboxCashierRoutes } from '../../server/emulator/sandbox-cashier';
import { XPaySandboxGateway } from '../../server/adapters/payment/xpay-sandbox.gateway';
import { createHarness, type Harness } from '../support/harness';
import { adminToken } from '../functions/admin/admin-support';
import { close, listen, postJson } from '../support/http';

/**
 * `PAY_PROVIDER=xpay-sandbox npm start`, over HTTP as the mini program and a person at the cashier
 * use it: create → prepay (virtual-payment params + cashier URL) → 支付 at /sandbox/pay/<orderNo>,
 * which posts a platform-shaped encrypted push to pay-notify → access → refund (and its push).
 * `/pay-notify` is the HTTP-access path a push from outside takes.
 */
describe('xpay-sandbox cashier through the HTTP gateway', () => {
  let h: Harness;
  let server: http.Server;
  let base: string;
  let columnId: number;
  const learner = { 'x-wx-openid': 'xpay-cashier-buyer' };

  beforeAll(async () => {
    h = await createHarness({ seed: true, payProvider: 'xpay-sandbox' });
    const functions = loadAllFunctions();
    server = createGateway({ deps: h.deps, functions, routes: sandboxCashierRoutes(h.deps, functions) });
    base = await listen(server);
    columnId = Number((await h.db('columns').where('status', 'published').where('price_fen', '>', 0).orderBy('id').first('id')).id);
  });
  afterAll(async () => {
    await close(server);
    await h.close();
  });

  it('buys, gets access and is refunded on the virtual-payment path', async () => {
    expect((await postJson(`${base}/fn/user`, { $url: 'login', code: 'code-1' }, learner)).json).toEqual({
      ok: true,
      data: { loggedIn: true },
    });
    const created = await postJson(`${base}/fn/order`, { $url: 'create', itemType: 'column', itemId: columnId }, learner);
    const { orderNo, amountFen } = created.json.data;
    const prepaid = await postJson(`${base}/fn/pay`, { $url: 'prepay', orderNo }, learner);
    expect(prepaid.json.data).toMatchObject({ provider: 'xpay-sandbox', payment: { mode: 'short_series_goods' } });
    expect(JSON.parse(prepaid.json.data.payment.signData)).toMatchObject({
      productId: `col_${columnId}`,
      goodsPrice: amountFen,
      outTradeNo: orderNo,
      env: 1,
    });
    const cashierPath = new URL(prepaid.json.data.cashierUrl).pathname;
    const html = await (await fetch(`${base}${cashierPath}`)).text();
    expect(html).toContain(`col_${columnId}`);
    expect(html).toContain(`¥${(amountFen / 100).toFixed(2)}`);

    const paid = await postJson(`${base}${cashierPath}`, {}, { accept: 'application/json' });
    expect(paid.json).toEqual({ ok: true, notify: 'success' });
    expect((await postJson(`${base}/fn/catalog`, { $url: 'column', columnId }, learner)).json.data.owned).toBe(true);

    // a push replayed from outside through the HTTP-access path: acknowledged, nothing more granted
    const replay = (await (h.deps.payments as XPaySandboxGateway).pay(orderNo))!;
    const qs = new URLSearchParams(replay.query as Record<string, string>);
    const res = await fetch(`${base}/pay-notify?${qs}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: replay.body,
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('success');
    expect(await h.db('entitlements').where({ source: 'order', source_id: orderNo })).toHaveLength(1);
    // a forged body under the same URL signature is acknowledged and recorded, never settled
    const forged = await fetch(`${base}/pay-notify?${qs}`, { method: 'POST', body: JSON.stringify({ ToUserName: 'x', Encrypt: 'AAAA' }) });
    expect(await forged.text()).toBe('success');

    const owner = { authorization: `Bearer ${await adminToken(h, 'xpay-owner', 'owner')}` };
    const refunded = await postJson(`${base}/fn/admin`, { $url: 'order.refund', orderNo, reason: '学员申请' }, owner);
    expect(refunded.json.data.status).toBe('refunded');
    expect((await postJson(`${base}/sandbox/refund/${orderNo}`, {})).json).toEqual({ ok: true, notify: 'success' });
    expect((await postJson(`${base}/fn/catalog`, { $url: 'column', columnId }, learner)).json.data.owned).toBe(false);
    const verdicts = (await h.db('payment_events').where('order_no', orderNo).orderBy('id')).map((e: any) => e.verdict);
    expect(verdicts).toEqual(['settled', 'duplicate', 'refund_accepted', 'refund_success']);
  });
});
