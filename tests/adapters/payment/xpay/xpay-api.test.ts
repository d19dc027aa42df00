import crypto from 'node:crypto';
import {
  createXPayApi,
  rfc3339Beijing,
  tradeStateOf,
  XPAY_ERRCODE,
  XPAY_ORDER_STATUS,
  XPayRequestError,
  type XPayTransport,
} from '../../../../server/adapters/payment/xpay/xpay-api';

/**
 * The xpay server-API client over a fake transport: exact URLs, exact bodies, pay_sig recomputed
 * here from what was actually sent, and replies shaped like the doc's tables (query_order's
 * `order`, refund_order's ids, errcode failures).
 */
interface Call {
  url: URL;
  body: string;
  headers: Record<string, string>;
}

function fakeTransport(reply: (call: Call) => { status?: number; body: string } | Error) {
  const calls: Call[] = [];
  const transport: XPayTransport = async (url, init) => {
    const call = { url: new URL(url), body: init.body, headers: init.headers };
    calls.push(call);
    const out = reply(call);
    if (out instanceof Error) throw out;
    return { status: out.status ?? 200, text: async () => out.body };
  };
  return { transport, calls };
}

const appKeys = { liveAppKey: 'LIVEKEY-2f9c', sandboxAppKey: 'SANDBOXKEY-81d0' };
const expectedSig = (key: string, path: string, body: string) =>
  crypto.createHmac('sha256', key).update(path).update('&').update(body).digest('hex');
const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';
const ORDER_NO = '20260601020000a1b2c3d4e5f6a7b8';

/** A query_order reply as the forum posted one (a sandbox order, delivered). */
const queriedOrder = {
  ext: {},
  provide_time: 1776852732,
  create_time: 1776852722,
  paid_time: 1776852730,
  biz_type: 1000,
  paid_fee: 9900,
  channel_order_id: '202604221288514046',
  biz_meta: '{"attach":"o:42"}',
  token: 'E-260422181155364598',
  sett_time: 0,
  update_time: 1776852790,
  wxpay_order_id: '4500000138202604228164730168',
  order_fee: 9900,
  wx_order_id: 'VPO260422181202013995807',
  sett_state: 3,
  order_id: ORDER_NO,
  order_type: 0,
  env_type: 2,
  status: 4,
  left_fee: 9900,
};

function client(reply: Parameters<typeof fakeTransport>[0], env: 0 | 1 = 1) {
  const fake = fakeTransport(reply);
  let tokenCalls = 0;
  const api = createXPayApi({
    transport: fake.transport,
    accessToken: async () => {
      tokenCalls++;
      return 'ACCESS+TOKEN/with=chars';
    },
    appKeys,
    env,
  });
  return { api, calls: fake.calls, tokenCalls: () => tokenCalls };
}

describe('xpay server APIs', () => {
  it('query_order: POST https://api.weixin.qq.com/xpay/query_order?access_token=…&pay_sig=…, pay_sig over the path and the exact body', async () => {
    const { api, calls, tokenCalls } = client(() => ({ body: JSON.stringify({ errcode: 0, errmsg: 'OK', order: queriedOrder }) }));
    const out = await api.queryOrder(OPENID, { orderId: ORDER_NO });
    const call = calls[0];
    expect(`${call.url.origin}${call.url.pathname}`).toBe('https://api.weixin.qq.com/xpay/query_order');
    expect(call.url.searchParams.get('access_token')).toBe('ACCESS+TOKEN/with=chars');
    expect(call.url.search).toContain('access_token=ACCESS%2BTOKEN%2Fwith%3Dchars');
    expect([...call.url.searchParams.keys()]).toEqual(['access_token', 'pay_sig']);
    expect(JSON.parse(call.body)).toEqual({ openid: OPENID, env: 1, order_id: ORDER_NO });
    expect(call.url.searchParams.get('pay_sig')).toBe(expectedSig(appKeys.sandboxAppKey, '/xpay/query_order', call.body));
    expect(call.headers['Content-Type']).toBe('application/json');
    expect(tokenCalls()).toBe(1);
    expect(out).toMatchObject({
      ok: true,
      data: { order_id: ORDER_NO, status: 4, left_fee: 9900, paid_fee: 9900, env_type: 2, wx_order_id: 'VPO260422181202013995807' },
    });
    expect(out.ok && out.data.raw.token).toBe('E-260422181155364598');
  });

  it('env 0 signs with the live AppKey and sends env 0', async () => {
    const { api, calls } = client(() => ({ body: JSON.stringify({ errcode: 0, order: queriedOrder }) }), 0);
    await api.queryOrder(OPENID, { wxOrderId: 'VPO260422181202013995807' });
    expect(JSON.parse(calls[0].body)).toEqual({ openid: OPENID, env: 0, wx_order_id: 'VPO260422181202013995807' });
    expect(calls[0].url.searchParams.get('pay_sig')).toBe(expectedSig(appKeys.liveAppKey, '/xpay/query_order', calls[0].body));
  });

  it('query_order takes exactly one of order_id / wx_order_id (both together answer "数据不存在")', async () => {
    const { api, calls } = client(() => ({ body: '{}' }));
    await expect(api.queryOrder(OPENID, { orderId: ORDER_NO, wxOrderId: 'VPO1' } as never)).rejects.toThrow(XPayRequestError);
    await expect(api.queryOrder(OPENID, {} as never)).rejects.toThrow(XPayRequestError);
    await expect(api.queryOrder('', { orderId: ORDER_NO })).rejects.toThrow(XPayRequestError);
    expect(calls).toHaveLength(0);
  });

  it('the order status table maps onto the port’s trade states', () => {
    const expected: Record<number, string> = {
      0: 'NOTPAY',
      1: 'NOTPAY',
      2: 'SUCCESS',
      3: 'SUCCESS',
      4: 'SUCCESS',
      5: 'REFUND',
      6: 'CLOSED',
      7: 'SUCCESS',
      8: 'REFUND',
      9: 'NOTPAY',
      10: 'NOTPAY',
    };
    for (const [status, state] of Object.entries(expected))
      expect([status, tradeStateOf({ status: Number(status) })]).toEqual([status, state]);
    expect(XPAY_ORDER_STATUS).toMatchObject({ PAID: 2, DELIVERED: 4, REFUNDED: 5, CLOSED: 6, REFUND_FAILED: 7, USER_REFUNDED: 8 });
  });

  it('refund_order: every documented field; refund_reason and req_from as strings; the started task’s ids', async () => {
    const { api, calls } = client(() => ({
      body: JSON.stringify({
        errcode: 0,
        errmsg: 'ok',
        refund_order_id: 'R2026060102000001',
        refund_wx_order_id: 'VPR1',
        pay_order_id: ORDER_NO,
        pay_wx_order_id: 'VPO1',
      }),
    }));
    const out = await api.refundOrder({
      openid: OPENID,
      order: { orderId: ORDER_NO },
      refundOrderId: 'R2026060102000001',
      leftFee: 9900,
      refundFee: 9900,
      bizMeta: 'refund:17',
      refundReason: '3',
      reqFrom: '2',
    });
    const call = calls[0];
    expect(`${call.url.origin}${call.url.pathname}`).toBe('https://api.weixin.qq.com/xpay/refund_order');
    expect(JSON.parse(call.body)).toEqual({
      openid: OPENID,
      order_id: ORDER_NO,
      refund_order_id: 'R2026060102000001',
      left_fee: 9900,
      refund_fee: 9900,
      biz_meta: 'refund:17',
      refund_reason: '3',
      req_from: '2',
      env: 1,
    });
    expect(call.url.searchParams.get('pay_sig')).toBe(expectedSig(appKeys.sandboxAppKey, '/xpay/refund_order', call.body));
    expect(out).toEqual({
      ok: true,
      data: { refund_order_id: 'R2026060102000001', refund_wx_order_id: 'VPR1', pay_order_id: ORDER_NO, pay_wx_order_id: 'VPO1' },
    });
  });

  it.each([
    ['a refund no shorter than 8', { refundOrderId: 'R1' }],
    ['a refund no with a dot', { refundOrderId: 'R2026.0601' }],
    ['refund_fee above left_fee', { refundFee: 9901 }],
    ['refund_fee zero', { refundFee: 0 }],
    ['a fractional left_fee', { leftFee: 99.5 }],
    ['biz_meta over 1024', { bizMeta: 'x'.repeat(1025) }],
    ['an undocumented reason', { refundReason: '9' as never }],
    ['an undocumented source', { reqFrom: '0' as never }],
  ])('refund_order refuses %s before sending', async (_name, patch) => {
    const { api, calls } = client(() => ({ body: '{}' }));
    const base = {
      openid: OPENID,
      order: { orderId: ORDER_NO },
      refundOrderId: 'R2026060102000001',
      leftFee: 9900,
      refundFee: 9900,
      refundReason: '0' as const,
      reqFrom: '3' as const,
    };
    await expect(api.refundOrder({ ...base, ...patch })).rejects.toThrow(XPayRequestError);
    expect(calls).toHaveLength(0);
  });

  it('notify_provide_goods: order id and env, signed', async () => {
    const { api, calls } = client(() => ({ body: '{"errcode":0,"errmsg":"ok"}' }));
    expect(await api.notifyProvideGoods({ orderId: ORDER_NO })).toEqual({ ok: true, data: {} });
    expect(calls[0].url.pathname).toBe('/xpay/notify_provide_goods');
    expect(JSON.parse(calls[0].body)).toEqual({ order_id: ORDER_NO, env: 1 });
    expect(calls[0].url.searchParams.get('pay_sig')).toBe(expectedSig(appKeys.sandboxAppKey, '/xpay/notify_provide_goods', calls[0].body));
  });

  it('upload_shipping_info: the trade-management endpoint, access_token only, logistics_type 3 with one item_desc', async () => {
    const { api, calls } = client(() => ({ body: '{"errcode":0,"errmsg":"ok"}' }));
    const out = await api.uploadShippingInfo({
      transactionId: '4200002601202606011234567890',
      openid: OPENID,
      itemDesc: '《架构三十讲》'.repeat(30),
      uploadTime: new Date('2026-06-01T02:05:00.120Z'),
    });
    expect(out.ok).toBe(true);
    const call = calls[0];
    expect(`${call.url.origin}${call.url.pathname}`).toBe('https://api.weixin.qq.com/wxa/sec/order/upload_shipping_info');
    expect([...call.url.searchParams.keys()]).toEqual(['access_token']);
    const body = JSON.parse(call.body);
    expect(body).toEqual({
      order_key: { order_number_type: 2, transaction_id: '4200002601202606011234567890' },
      logistics_type: 3,
      delivery_mode: 1,
      shipping_list: [{ item_desc: expect.any(String) }],
      upload_time: '2026-06-01T10:05:00.120+08:00',
      payer: { openid: OPENID },
    });
    expect([...body.shipping_list[0].item_desc]).toHaveLength(120);
  });

  it('rfc3339Beijing: Beijing wall time with the +08:00 offset', () => {
    expect(rfc3339Beijing(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01-01T00:30:00.000+08:00');
  });

  describe('failures are typed results, not exceptions', () => {
    it.each([
      [XPAY_ERRCODE.SIGNATURE, false],
      [XPAY_ERRCODE.PARAM, false],
      [XPAY_ERRCODE.LEFT_FEE_MISMATCH, false],
      [XPAY_ERRCODE.SYSTEM, true],
      [XPAY_ERRCODE.REFUND_IN_PROGRESS, true],
      [XPAY_ERRCODE.RATE_LIMITED, true],
      [XPAY_ERRCODE.ACCESS_TOKEN_EXPIRED, true],
    ])('errcode %s → platform failure, retryable %s', async (errcode, retryable) => {
      const { api } = client(() => ({ body: JSON.stringify({ errcode, errmsg: '数据不存在 rid: 6a2563d3-3ccd53f4-542b41ba' }) }));
      expect(await api.queryOrder(OPENID, { orderId: ORDER_NO })).toEqual({
        ok: false,
        kind: 'platform',
        api: 'query_order',
        errcode,
        errmsg: '数据不存在 rid: 6a2563d3-3ccd53f4-542b41ba',
        retryable,
      });
    });

    it.each([
      ['a network error', () => new Error('ECONNRESET')],
      ['HTTP 502', () => ({ status: 502, body: 'Bad Gateway' })],
      ['an HTML page', () => ({ body: '<html>busy</html>' })],
      ['a JSON array', () => ({ body: '[]' })],
      ['errcode 0 but no order', () => ({ body: '{"errcode":0}' })],
    ])('%s → transport failure, retryable', async (_name, reply) => {
      const { api } = client(reply as never);
      expect(await api.queryOrder(OPENID, { orderId: ORDER_NO })).toMatchObject({
        ok: false,
        kind: 'transport',
        api: 'query_order',
        retryable: true,
      });
    });

    it('an access-token provider that throws is a transport failure (nothing sent)', async () => {
      const fake = fakeTransport(() => ({ body: '{}' }));
      const api = createXPayApi({
        transport: fake.transport,
        accessToken: async () => Promise.reject(new Error('token service down')),
        appKeys,
        env: 1,
      });
      expect(await api.notifyProvideGoods({ orderId: ORDER_NO })).toMatchObject({
        ok: false,
        kind: 'transport',
        detail: 'token service down',
      });
      expect(fake.calls).toHaveLength(0);
    });
  });
});
