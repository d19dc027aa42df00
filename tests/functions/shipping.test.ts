import { createHarness, callerFor, type Harness } from '../support/harness';
import { insertArticle, insertColumn } from '../support/fixtures';
import { testDbClient } from '../support/test-db';
import { notify, orderAndPrepay, payAtCashier } from '../support/payments';
import { adminToken } from './admin/admin-support';
import { loadFunction } from '../../server/emulator/functions';
import type { localShipping } from '../../server/adapters/wechat/shipping';
import { wechatShipping } from '../../server/adapters/wechat/shipping';

/**
 * 发货信息管理: after a WeChat Pay settlement (the sandbox plays cloud pay) the shipping info is
 * uploaded once (logistics_type 3, the learner's openid, the transaction); a failure is recorded,
 * retried by the reconcile timer and visible in the CMS order detail.
 */
describe(`shipping info after WeChat Pay (${testDbClient()})`, () => {
  let h: Harness;
  let column: number;
  let article: number;
  let owner: { bearer: string };
  const shipping = () => h.deps.shipping as ReturnType<typeof localShipping>;
  const timer = () =>
    loadFunction('pay').invoke(
      { Type: 'Timer', TriggerName: 'reconcile', Time: h.clock.now().toISOString() },
      { deps: h.deps, caller: callerFor({ source: 'wx_trigger' }) },
    );

  beforeAll(async () => {
    h = await createHarness({ payProvider: 'sandbox' });
    column = await insertColumn(h.db, h.clock.now(), { title: '发货专栏', price_fen: 9900 });
    article = await insertArticle(h.db, h.clock.now(), column, { price_fen: 990 });
    owner = { bearer: await adminToken(h, 'ship-owner', 'owner') };
  });
  afterAll(() => h.close());

  it('uploads once after settlement; repeats of the callback upload nothing more', async () => {
    const orderNo = await orderAndPrepay(h, 'ship-a', 'column', column);
    const event = await payAtCashier(h, orderNo);
    await notify(h, event);
    await notify(h, event);
    expect(shipping().uploads).toHaveLength(1);
    expect(shipping().uploads[0]).toMatchObject({ transactionId: event.transactionId, openid: 'ship-a', itemDesc: '发货专栏' });
    const detail = await h.ok('admin', 'order.get', { orderNo }, owner);
    expect(detail.shipping).toMatchObject({ status: 'uploaded', attempts: 1, lastError: '' });
    expect(detail.shipping.uploadedAt).toBeTruthy();
  });

  it('a failed upload is recorded, shown in the CMS and retried by the timer until accepted', async () => {
    shipping().failNext = 2;
    const orderNo = await orderAndPrepay(h, 'ship-b', 'article', article);
    await notify(h, await payAtCashier(h, orderNo));
    expect((await h.ok('admin', 'order.get', { orderNo }, owner)).shipping).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: expect.stringContaining('system error'),
    });
    expect((await h.db('orders').where('order_no', orderNo).first('status')).status).toBe('paid'); // the payment stands
    const first: any = await timer();
    expect(first.data.shipping).toEqual({ uploaded: 0, failed: 1 });
    const second: any = await timer();
    expect(second.data.shipping).toEqual({ uploaded: 1, failed: 0 });
    expect((await h.ok('admin', 'order.get', { orderNo }, owner)).shipping).toMatchObject({ status: 'uploaded', attempts: 3 });
    expect(((await timer()) as any).data.shipping).toEqual({ uploaded: 0, failed: 0 });
  });

  it('the real adapter sends upload_shipping_info with logistics_type 3, and skips when not trade-managed', async () => {
    const sent: any[] = [];
    const transport = async (url: string, init: { body: string }) => {
      sent.push({ url, body: JSON.parse(init.body) });
      return { status: 200, text: async () => JSON.stringify({ errcode: 0, errmsg: 'ok' }) };
    };
    const req = { transactionId: '4200000001', openid: 'o1', itemDesc: '专栏', uploadTime: new Date('2026-06-01T02:00:00Z') };
    expect(await wechatShipping({ tradeManaged: false, accessToken: async () => 'T', transport }).upload(req)).toEqual({
      outcome: 'skipped',
    });
    expect(sent).toHaveLength(0);
    expect(await wechatShipping({ tradeManaged: true, accessToken: async () => 'T', transport }).upload(req)).toEqual({
      outcome: 'uploaded',
    });
    expect(new URL(sent[0].url).pathname).toBe('/wxa/sec/order/upload_shipping_info');
    expect(sent[0].body).toMatchObject({
      order_key: { order_number_type: 2, transaction_id: '4200000001' },
      logistics_type: 3,
      delivery_mode: 1,
      payer: { openid: 'o1' },
    });
    const failing = async () => ({ status: 200, text: async () => JSON.stringify({ errcode: 10060001, errmsg: 'order not exist' }) });
    expect(await wechatShipping({ tradeManaged: true, accessToken: async () => 'T', transport: failing }).upload(req)).toEqual({
      outcome: 'failed',
      detail: '10060001 order not exist',
    });
  });
});
