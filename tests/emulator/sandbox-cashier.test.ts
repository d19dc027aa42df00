import type http from 'node:http';
import { createGateway } from '../../server/emulator/http-gateway';
import { loadAllFunctions } from '../../server/emulator/functions';
import { sandboxCashierRoutes } from '../../server/emulator/sandbox-cashier';
import { createHarness, type Harness } from '../support/harness';
import { close, listen, postJson } from '../support/http';

/**
 * The whole purchase through the local gateway, as the mini program in local mode and a person
 * at the sandbox cashier would do it: create → prepay → pay at /sandbox/pay/<orderNo> → the real
 * pay-notify settles → access granted.
 */
describe('sandbox cashier through the HTTP gateway', () => {
  let h: Harness;
  let server: http.Server;
  let base: string;
  let columnId: number;
  const learner = { 'x-wx-openid': 'cashier-buyer' };

  beforeAll(async () => {
    h = await createHarness({ seed: true });
    const functions = loadAllFunctions();
    server = createGateway({ deps: h.deps, functions, routes: sandboxCashierRoutes(h.deps, functions) });
    base = await listen(server);
    columnId = Number((await h.db('columns').where('status', 'published').where('price_fen', '>', 0).orderBy('id').first('id')).id);
  });
  afterAll(async () => {
    await close(server);
    await h.close();
  });

  it('create → prepay → 支付 at the cashier → order paid → column owned', async () => {
    const created = await postJson(`${base}/fn/order`, { $url: 'create', itemType: 'column', itemId: columnId }, learner);
    expect(created.json.ok).toBe(true);
    const { orderNo, amountFen } = created.json.data;
    const prepaid = await postJson(`${base}/fn/pay`, { $url: 'prepay', orderNo }, learner);
    expect(prepaid.json.data.provider).toBe('sandbox');
    const cashierPath = new URL(prepaid.json.data.cashierUrl).pathname;
    expect(cashierPath).toBe(`/sandbox/pay/${orderNo}`);

    const pageRes = await fetch(`${base}${cashierPath}`);
    expect(pageRes.status).toBe(200);
    expect(pageRes.headers.get('content-type')).toContain('text/html');
    const html = await pageRes.text();
    expect(html).toContain('支付');
    expect(html).toContain('取消');
    expect(html).toContain(`¥${(amountFen / 100).toFixed(2)}`);

    const paid = await postJson(`${base}${cashierPath}`, {}, { accept: 'application/json' });
    expect(paid.status).toBe(200);
    expect(paid.json).toEqual({ ok: true, notify: { errcode: 0, errmsg: 'OK' } });

    const order = await postJson(`${base}/fn/order`, { $url: 'get', orderNo }, learner);
    expect(order.json.data.status).toBe('paid');
    const column = await postJson(`${base}/fn/catalog`, { $url: 'column', columnId }, learner);
    expect(column.json.data.owned).toBe(true);
    expect((await h.db('payment_events').where('order_no', orderNo)).map((e: any) => e.verdict)).toEqual(['settled']);

    // pressing 支付 again (a second callback) changes nothing
    expect((await postJson(`${base}${cashierPath}`, {}, { accept: 'application/json' })).json.ok).toBe(true);
    expect(await h.db('entitlements').where({ source: 'order', source_id: orderNo })).toHaveLength(1);
  });

  it('the form buttons answer with Chinese HTML pages; unknown trades are 404', async () => {
    const created = await postJson(`${base}/fn/order`, { $url: 'create', itemType: 'membership', itemId: 1 }, learner);
    const { orderNo } = created.json.data;
    await postJson(`${base}/fn/pay`, { $url: 'prepay', orderNo }, learner);
    const cancelled = await fetch(`${base}/sandbox/pay/${orderNo}/cancel`, { method: 'POST' });
    expect(await cancelled.text()).toContain('已取消支付');
    const form = await fetch(`${base}/sandbox/pay/${orderNo}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('支付成功');
    expect((await fetch(`${base}/sandbox/pay/20260601000000ffffffffffffffff`)).status).toBe(404);
    expect((await fetch(`${base}/sandbox/pay/20260601000000ffffffffffffffff`, { method: 'POST' })).status).toBe(404);
  });

  it('a client cannot reach pay-notify as the platform through the gateway', async () => {
    const forged = await postJson(`${base}/fn/pay-notify`, { outTradeNo: 'x' }, { 'x-wx-source': 'wx_paycallback' });
    expect(forged.status).toBe(403);
    const asClient = await postJson(`${base}/fn/pay-notify`, { $url: 'cloudpay', returnCode: 'SUCCESS' }, learner);
    expect(asClient.json.errcode).not.toBe(0);
  });
});
