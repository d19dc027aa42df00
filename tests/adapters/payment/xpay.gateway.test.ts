import crypto from 'node:crypto';
import { createXPayGateway, type XPaySettings } from '../../../server/adapters/payment/xpay.gateway';
import { createXPayApi, type XPayTransport } from '../../../server/adapters/payment/xpay/xpay-api';
import { GatewayError, NotificationRejected } from '../../../server/ports/payment-gateway';

/**
 * The live `xpay` PaymentGateway over a fake transport: prepay's signatures recomputed here, the
 * server APIs it calls (query_order, refund_order with polling, notify_provide_goods) and how their
 * answers become the port's words; pushes verified and normalised (the push crypto itself is
 * covered in tests/adapters/payment/xpay/xpay-push.test.ts).
 */
const settings: XPaySettings = {
  appId: 'wxappid0000000001',
  offerId: '1450012345',
  env: 0,
  appKeys: { liveAppKey: 'LIVE-APPKEY', sandboxAppKey: 'SANDBOX-APPKEY' },
  pushToken: 'pushtoken',
  pushEncodingAesKey: 'A'.repeat(43),
};
const OPENID = 'oOpenid000000000000000001';
const ORDER_NO = '20260601020000a1b2c3d4e5f6a7b8';
const hmac = (key: string, text: string) => crypto.createHmac('sha256', key).update(text).digest('hex');

function gateway(replies: Record<string, Array<Record<string, unknown>>>) {
  const calls: Array<{ path: string; body: any; url: URL }> = [];
  const transport: XPayTransport = async (url, init) => {
    const u = new URL(url);
    const path = u.pathname;
    calls.push({ path, body: JSON.parse(init.body), url: u });
    const queue = replies[path] ?? [];
    const next = queue.length > 1 ? queue.shift()! : (queue[0] ?? { errcode: 0 });
    return { status: 200, text: async () => JSON.stringify(next) };
  };
  const api = createXPayApi({ transport, accessToken: async () => 'TOKEN', appKeys: settings.appKeys, env: 0 });
  return { gw: createXPayGateway(settings, { api, refundPoll: { attempts: 3, intervalMs: 0 }, sleep: async () => {} }), calls };
}

const payOrder = (over: Record<string, unknown> = {}) => ({
  errcode: 0,
  order: {
    order_id: ORDER_NO,
    status: 4,
    order_type: 0,
    order_fee: 990,
    paid_fee: 990,
    left_fee: 990,
    paid_time: 1780000000,
    wxpay_order_id: '4200001',
    wx_order_id: 'wx1',
    ...over,
  },
});

describe('xpay PaymentGateway', () => {
  it('prepay signs signData with the env AppKey and the session_key, and refuses without either', async () => {
    const { gw } = gateway({});
    const r = await gw.prepay({
      orderNo: ORDER_NO,
      description: 'x',
      amountFen: 990,
      openid: OPENID,
      expiresAt: new Date(),
      productId: 'col_1',
      sessionKey: 'SESSIONKEY==',
    });
    const { signData, paySig, signature, mode } = r.payment;
    expect(mode).toBe('short_series_goods');
    expect(JSON.parse(signData)).toEqual({
      offerId: '1450012345',
      buyQuantity: 1,
      env: 0,
      currencyType: 'CNY',
      productId: 'col_1',
      goodsPrice: 990,
      outTradeNo: ORDER_NO,
    });
    expect(paySig).toBe(hmac('LIVE-APPKEY', `requestVirtualPayment&${signData}`));
    expect(signature).toBe(hmac('SESSIONKEY==', signData));
    expect(r.cashierUrl).toBeUndefined();
    // a discounted order: goodsPrice stays the 道具 price, activitySellingPrice carries the charge
    const d = await gw.prepay({
      orderNo: ORDER_NO,
      description: 'x',
      amountFen: 500,
      listPriceFen: 990,
      openid: OPENID,
      expiresAt: new Date(),
      productId: 'col_1',
      sessionKey: 'k',
    });
    expect(JSON.parse(d.payment.signData)).toMatchObject({ goodsPrice: 990, activitySellingPrice: 500 });
    await expect(
      gw.prepay({ orderNo: ORDER_NO, description: 'x', amountFen: 990, openid: OPENID, expiresAt: new Date(), productId: 'col_1' }),
    ).rejects.toThrow(GatewayError);
    await expect(
      gw.prepay({ orderNo: ORDER_NO, description: 'x', amountFen: 990, openid: OPENID, expiresAt: new Date(), sessionKey: 'k' }),
    ).rejects.toThrow(GatewayError);
  });

  it('query maps query_order to the port (paid, unknown, refunded) and needs the openid', async () => {
    const { gw, calls } = gateway({
      '/xpay/query_order': [payOrder(), { errcode: 268490002, errmsg: '数据不存在' }, payOrder({ status: 8 })],
    });
    expect(await gw.query(ORDER_NO, { openid: OPENID })).toEqual({
      state: 'SUCCESS',
      transactionId: '4200001',
      amountFen: 990,
      paidAt: new Date(1780000000 * 1000),
    });
    expect(calls[0].body).toEqual({ openid: OPENID, env: 0, order_id: ORDER_NO });
    expect(calls[0].url.searchParams.get('pay_sig')).toBe(hmac('LIVE-APPKEY', `/xpay/query_order&${JSON.stringify(calls[0].body)}`));
    expect(await gw.query(ORDER_NO, { openid: OPENID })).toEqual({ state: 'NOT_FOUND' });
    expect((await gw.query(ORDER_NO, { openid: OPENID })).state).toBe('REFUND');
    await expect(gw.query(ORDER_NO)).rejects.toThrow(GatewayError);
  });

  it('a transient query failure throws GatewayError (the caller retries)', async () => {
    const { gw } = gateway({ '/xpay/query_order': [{ errcode: -1, errmsg: 'system error' }] });
    await expect(gw.query(ORDER_NO, { openid: OPENID })).rejects.toThrow(/query_order/);
  });

  it('refund starts refund_order with query_order left_fee and polls the refund order to its end', async () => {
    const { gw, calls } = gateway({
      '/xpay/query_order': [
        payOrder(),
        { errcode: 0, order: { order_id: `R${ORDER_NO}`, status: 3 } },
        { errcode: 0, order: { order_id: `R${ORDER_NO}`, status: 8, wx_order_id: 'wxrefund1' } },
      ],
      '/xpay/refund_order': [{ errcode: 0, refund_order_id: `R${ORDER_NO}`, refund_wx_order_id: 'wxrefund1' }],
    });
    const r = await gw.refund({
      orderNo: ORDER_NO,
      outRefundNo: `R${ORDER_NO}`,
      totalFen: 990,
      refundFen: 990,
      reason: '学员申请',
      openid: OPENID,
    });
    expect(r).toEqual({ accepted: true, refundId: 'wxrefund1' });
    const refundCall = calls.find((c) => c.path === '/xpay/refund_order')!;
    expect(refundCall.body).toMatchObject({
      openid: OPENID,
      order_id: ORDER_NO,
      refund_order_id: `R${ORDER_NO}`,
      left_fee: 990,
      refund_fee: 990,
      env: 0,
    });
    expect(calls.filter((c) => c.path === '/xpay/query_order').map((c) => c.body.order_id)).toEqual([
      ORDER_NO,
      `R${ORDER_NO}`,
      `R${ORDER_NO}`,
    ]);
  });

  it('refund: a failed refund task is refused, a retried one (268490004) is the same task, an unpaid order is refused', async () => {
    const failed = gateway({
      '/xpay/query_order': [payOrder(), { errcode: 0, order: { status: 7 } }],
      '/xpay/refund_order': [{ errcode: 0 }],
    });
    expect(
      await failed.gw.refund({
        orderNo: ORDER_NO,
        outRefundNo: `R${ORDER_NO}`,
        totalFen: 990,
        refundFen: 990,
        reason: 'x',
        openid: OPENID,
      }),
    ).toEqual({ accepted: false, detail: 'REFUND_FAILED' });
    const dup = gateway({
      '/xpay/query_order': [payOrder(), { errcode: 0, order: { status: 3 } }],
      '/xpay/refund_order': [{ errcode: 268490004, errmsg: 'dup' }],
    });
    expect(
      await dup.gw.refund({ orderNo: ORDER_NO, outRefundNo: `R${ORDER_NO}`, totalFen: 990, refundFen: 990, reason: 'x', openid: OPENID }),
    ).toMatchObject({ accepted: true, detail: 'REFUND_PROCESSING' });
    const unpaid = gateway({ '/xpay/query_order': [payOrder({ status: 1 })] });
    expect(
      await unpaid.gw.refund({
        orderNo: ORDER_NO,
        outRefundNo: `R${ORDER_NO}`,
        totalFen: 990,
        refundFen: 990,
        reason: 'x',
        openid: OPENID,
      }),
    ).toEqual({ accepted: false, detail: 'TRADE_NOT_PAID' });
    const ios = gateway({ '/xpay/query_order': [payOrder()], '/xpay/refund_order': [{ errcode: 268490013, errmsg: 'cannot refund' }] });
    expect(
      (await ios.gw.refund({ orderNo: ORDER_NO, outRefundNo: `R${ORDER_NO}`, totalFen: 990, refundFen: 990, reason: 'x', openid: OPENID }))
        .accepted,
    ).toBe(false);
  });

  it('close has no API: paid at the platform says paid, otherwise closed; markDelivered calls notify_provide_goods', async () => {
    const { gw, calls } = gateway({ '/xpay/query_order': [payOrder(), payOrder({ status: 1 })] });
    expect(await gw.close(ORDER_NO, { openid: OPENID })).toBe('paid');
    expect(await gw.close(ORDER_NO, { openid: OPENID })).toBe('closed');
    await gw.markDelivered!(ORDER_NO, { openid: OPENID });
    expect(calls.at(-1)).toMatchObject({ path: '/xpay/notify_provide_goods', body: { order_id: ORDER_NO, env: 0 } });
  });

  it('pushes: a function-routed delivery push becomes an unproven trade; a bad HTTP signature is a NotificationRejected', () => {
    const { gw } = gateway({});
    const read = gw.verifyPush!(
      {
        via: 'function',
        event: {
          MsgType: 'event',
          Event: 'xpay_goods_deliver_notify',
          OpenId: OPENID,
          OutTradeNo: ORDER_NO,
          Env: 0,
          GoodsInfo: { ProductId: 'col_1', Quantity: 1, OrigPrice: 990, ActualPrice: 990, Attach: '' },
        },
      },
      new Date(),
    );
    expect(read.notification).toMatchObject({
      kind: 'trade',
      proven: false,
      orderNo: ORDER_NO,
      trade: { state: 'SUCCESS', amountFen: 990, productId: 'col_1' },
    });
    expect(read.reply('ack')).toEqual({ ErrCode: 0, ErrMsg: 'success' });
    expect(() =>
      gw.verifyPush!(
        {
          via: 'http',
          query: { timestamp: '1', nonce: '2', encrypt_type: 'aes', msg_signature: 'x' },
          body: JSON.stringify({ Encrypt: 'AAAA' }),
        },
        new Date(),
      ),
    ).toThrow(NotificationRejected);
    // a sandbox push on a live deployment is malformed, never a trade
    const sandboxPush = gw.verifyPush!(
      {
        via: 'function',
        event: {
          Event: 'xpay_goods_deliver_notify',
          OpenId: OPENID,
          OutTradeNo: ORDER_NO,
          Env: 1,
          GoodsInfo: { ProductId: 'col_1', Quantity: 1, OrigPrice: 1, ActualPrice: 1 },
        },
      },
      new Date(),
    );
    expect(sandboxPush.notification).toMatchObject({ kind: 'malformed', detail: expect.stringContaining('Env 1') });
  });
});
