import crypto from 'node:crypto';
import { createHarness, callerFor, type Harness } from '../support/harness';
import { insertArticle, insertColumn } from '../support/fixtures';
import { testDbClient } from '../support/test-db';
import { entitlementsOf } from '../support/payments';
import { adminToken } from './admin/admin-support';
import { loadFunction } from '../../server/emulator/functions';
import { httpAccessEvent } from '../../server/emulator/sandbox-cashier';
import { XPaySandboxGateway, XPAY_SANDBOX_DEFAULTS, sandboxSessionKey } from '../../server/adapters/payment/xpay-sandbox.gateway';
import type { RawPush } from '../../server/ports/payment-gateway';

type HttpPush = Extract<RawPush, { via: 'http' }>;
type HttpReply = { statusCode: number; headers: Record<string, string>; body: string };

const hmac = (key: string, text: string) => crypto.createHmac('sha256', key).update(text).digest('hex');
const sha1Sorted = (...parts: string[]) => crypto.createHash('sha1').update(parts.sort().join('')).digest('hex');

/**
 * The whole purchase on 小程序虚拟支付's local twin (PAY_PROVIDER=xpay-sandbox): login keeps the
 * session_key server-side, prepay signs signData like the platform expects (checked here with
 * HMACs computed independently), the cashier's push is encrypted and signed like WeChat's, and
 * pay-notify verifies, decrypts and settles it through the one exactly-once settlement. Every bad
 * push is acknowledged, grants nothing and is recorded.
 */
describe(`virtual payment on xpay-sandbox (${testDbClient()})`, () => {
  let h: Harness;
  let column: number;
  let article: number;
  let owner: { bearer: string };
  const sandbox = () => h.deps.payments as XPaySandboxGateway;
  const fn = () => loadFunction('pay-notify');
  const deliver = async (push: RawPush | null): Promise<HttpReply> =>
    (await fn().invoke(httpAccessEvent(push as HttpPush), {
      deps: h.deps,
      caller: callerFor({ source: 'wx_http' }),
    })) as unknown as HttpReply;
  const verdicts = async (orderNo: string | null) =>
    (orderNo === null
      ? await h.db('payment_events').whereNull('order_no').orderBy('id')
      : await h.db('payment_events').where('order_no', orderNo).orderBy('id')
    ).map((e: any) => e.verdict);
  const status = async (orderNo: string) => (await h.db('orders').where('order_no', orderNo).first('status')).status;
  const prepay = async (openid: string, itemType: string, itemId: number) => {
    const order = await h.ok('order', 'create', { itemType, itemId }, { openid });
    const paid = await h.ok('pay', 'prepay', { orderNo: order.orderNo }, { openid });
    return { orderNo: order.orderNo as string, amountFen: order.amountFen as number, prepaid: paid };
  };

  beforeAll(async () => {
    h = await createHarness({ payProvider: 'xpay-sandbox' });
    const now = h.clock.now();
    column = await insertColumn(h.db, now, { title: '虚拟支付专栏', price_fen: 9900 });
    article = await insertArticle(h.db, now, column, { price_fen: 990 });
    owner = { bearer: await adminToken(h, 'xpay-boss', 'owner') };
  });
  afterAll(() => h.close());

  it('user.login stores the session_key server-side and never returns it', async () => {
    const reply = await h.ok('user', 'login', { code: 'wx-login-code-1' }, { openid: 'xpay-login' });
    expect(reply).toEqual({ loggedIn: true });
    const row = await h
      .db('user_sessions as s')
      .join('users as u', 'u.id', 's.user_id')
      .where('u.openid', 'xpay-login')
      .first('s.session_key');
    expect(row.session_key).toHaveLength(24);
    expect(JSON.stringify(reply)).not.toContain(row.session_key);
    // a second login replaces the key
    await h.ok('user', 'login', { code: 'wx-login-code-2' }, { openid: 'xpay-login' });
    expect(await h.db('user_sessions')).toHaveLength(1);
    await h.fails('UNAUTHENTICATED', 'user', 'login', { code: 'x' });
    await h.fails('INVALID_INPUT', 'user', 'login', { code: '' }, { openid: 'xpay-login' });
  });

  it('prepay returns short_series_goods params signed with the sandbox AppKey and the learner session_key', async () => {
    await h.ok('user', 'login', { code: 'buyer-code' }, { openid: 'xpay-buyer' });
    const sessionKey = (
      await h.db('user_sessions as s').join('users as u', 'u.id', 's.user_id').where('u.openid', 'xpay-buyer').first('s.session_key')
    ).session_key as string;
    const { orderNo, prepaid } = await prepay('xpay-buyer', 'column', column);
    expect(prepaid.provider).toBe('xpay-sandbox');
    expect(new URL(prepaid.cashierUrl).pathname).toBe(`/sandbox/pay/${orderNo}`);
    const { mode, signData, paySig, signature } = prepaid.payment;
    expect(mode).toBe('short_series_goods');
    expect(JSON.parse(signData)).toEqual({
      offerId: XPAY_SANDBOX_DEFAULTS.offerId,
      buyQuantity: 1,
      env: 1,
      currencyType: 'CNY',
      productId: `col_${column}`,
      goodsPrice: 9900,
      outTradeNo: orderNo,
    });
    expect(paySig).toBe(hmac(XPAY_SANDBOX_DEFAULTS.sandboxAppKey, `requestVirtualPayment&${signData}`));
    expect(signature).toBe(hmac(sessionKey, signData));
    expect(JSON.stringify(prepaid)).not.toContain(sessionKey);
    expect((await h.db('orders').where('order_no', orderNo).first('product_id')).product_id).toBe(`col_${column}`);
  });

  it('purchase → access → refund: the push settles once, repeats are answered the same, the refund revokes access', async () => {
    const { orderNo } = await prepay('xpay-flow', 'column', column);
    // no user.login: the sandbox signs with its own stand-in for WeChat's session key
    expect((await sandbox().trade(orderNo))!.signData).toBeTruthy();
    expect(sandboxSessionKey('xpay-flow')).toHaveLength(24);
    expect(await h.ok('catalog', 'column', { columnId: column }, { openid: 'xpay-flow' })).toMatchObject({ owned: false });

    const push = (await sandbox().pay(orderNo)) as HttpPush;
    // the push is WeChat-shaped: safe mode, msg_signature over the ciphertext, nothing in the clear
    expect(push.query.encrypt_type).toBe('aes');
    const envelope = JSON.parse(push.body);
    expect(push.query.msg_signature).toBe(
      sha1Sorted(XPAY_SANDBOX_DEFAULTS.pushToken, push.query.timestamp!, push.query.nonce!, envelope.Encrypt),
    );
    expect(push.body).not.toContain(orderNo);

    const first = await deliver(push);
    expect(first).toMatchObject({ statusCode: 200, body: 'success' });
    expect(await status(orderNo)).toBe('paid');
    expect(await h.ok('catalog', 'column', { columnId: column }, { openid: 'xpay-flow' })).toMatchObject({ owned: true });
    // WeChat pushes again (it retries up to 15 times): same answer, nothing granted twice
    const again = await Promise.all([deliver(push), deliver(push), deliver((await sandbox().pay(orderNo)) as HttpPush)]);
    expect(again.map((r) => r.body)).toEqual(['success', 'success', 'success']);
    expect(await h.db('entitlements').where({ source: 'order', source_id: orderNo })).toHaveLength(1);
    expect(await verdicts(orderNo)).toEqual(['settled', 'duplicate', 'duplicate', 'duplicate']);

    const refunded = await h.ok('admin', 'order.refund', { orderNo, reason: '学员申请' }, owner);
    expect(refunded.status).toBe('refunded');
    expect((await sandbox().trade(orderNo))!.state).toBe('REFUND');
    expect(await h.ok('catalog', 'column', { columnId: column }, { openid: 'xpay-flow' })).toMatchObject({ owned: false });
    // the refund result push closes the loop, and a repeat changes nothing
    expect((await deliver(await sandbox().refundPush(orderNo))).body).toBe('success');
    expect((await deliver(await sandbox().refundPush(orderNo))).body).toBe('success');
    expect((await h.db('refunds').where('out_refund_no', `R${orderNo}`).first('status')).status).toBe('succeeded');
    expect(await verdicts(orderNo)).toEqual([
      'settled',
      'duplicate',
      'duplicate',
      'duplicate',
      'refund_accepted',
      'refund_success',
      'refund_success',
    ]);
  });

  it('a failed refund result marks the refund row failed for staff', async () => {
    const { orderNo } = await prepay('xpay-refund-fail', 'article', article);
    await deliver((await sandbox().pay(orderNo)) as HttpPush);
    await h.ok('admin', 'order.refund', { orderNo, reason: '测试' }, owner);
    expect((await deliver(await sandbox().refundPush(orderNo, 1))).body).toBe('success');
    expect((await h.db('refunds').where('out_refund_no', `R${orderNo}`).first('status')).status).toBe('failed');
  });

  it('bad pushes are acknowledged, grant nothing and are recorded with their verdict', async () => {
    const { orderNo } = await prepay('xpay-bad', 'column', column);
    const genuine = (await sandbox().pay(orderNo)) as HttpPush;
    const before = await h.db('payment_events').count('* as n').first();

    // bad msg_signature
    expect((await deliver({ ...genuine, query: { ...genuine.query, msg_signature: '0'.repeat(40) } })).body).toBe('success');
    // a ciphertext from another push under this URL signature
    const other = sandbox().push({ Event: 'debug_demo' });
    expect((await deliver({ ...genuine, body: other.body })).body).toBe('success');
    // a plain-mode push (its signature does not cover the body) is refused when the AES key is set
    expect(
      (
        await deliver({
          via: 'http',
          query: { signature: genuine.query.signature, timestamp: genuine.query.timestamp, nonce: genuine.query.nonce },
          body: '{}',
        })
      ).body,
    ).toBe('success');
    // wrong amount, wrong product, wrong env, unknown order — all correctly signed
    const signedWith = async (over: Record<string, unknown>) => (await sandbox().pay(orderNo, over)) as HttpPush;
    const goods = { ProductId: `col_${column}`, Quantity: 1, OrigPrice: 9900, ActualPrice: 9900, Attach: '' };
    await deliver(await signedWith({ GoodsInfo: { ...goods, ActualPrice: 1 } }));
    await deliver(await signedWith({ GoodsInfo: { ...goods, ProductId: `art_${article}` } }));
    await deliver(await signedWith({ Env: 0 }));
    await deliver(await signedWith({ OutTradeNo: '20260601000000ffffffffffffffff' }));
    expect(await status(orderNo)).toBe('pending');
    expect(await entitlementsOf(h, 'xpay-bad')).toHaveLength(0);
    expect(await verdicts(orderNo)).toEqual(['rejected_amount', 'rejected_product', 'rejected_malformed']);
    expect(await verdicts('20260601000000ffffffffffffffff')).toEqual(['rejected_unknown_order']);
    const rejectedNoOrder = (await h.db('payment_events').whereNull('order_no').where('id', '>', 0).orderBy('id')).map(
      (e: any) => e.verdict,
    );
    expect(rejectedNoOrder.slice(-3)).toEqual(['rejected_signature', 'rejected_signature', 'rejected_signature']);
    expect(Number((await h.db('payment_events').count('* as n').first())!.n) - Number(before!.n)).toBe(7);

    // the genuine push still settles afterwards
    expect((await deliver(genuine)).body).toBe('success');
    expect(await status(orderNo)).toBe('paid');
  });

  it('a push CloudBase routed to the function is confirmed with query_order before anything is granted', async () => {
    const { orderNo } = await prepay('xpay-routed', 'article', article);
    const event = {
      ToUserName: 'gh_sandbox',
      FromUserName: 'oSandboxPlatform',
      CreateTime: 1,
      MsgType: 'event',
      Event: 'xpay_goods_deliver_notify',
      OpenId: 'xpay-routed',
      OutTradeNo: orderNo,
      Env: 1,
      WeChatPayInfo: { MchOrderNo: 'x', TransactionId: '4200000000000000000000000001', PaidTime: 1 },
      GoodsInfo: { ProductId: `art_${article}`, Quantity: 1, OrigPrice: 990, ActualPrice: 990, Attach: '' },
    };
    const invoke = (e: unknown, source = '') => fn().invoke(e, { deps: h.deps, caller: callerFor({ source }) });
    // not paid at the platform: the forged event is refused after the query
    expect(await invoke(event)).toEqual({ ErrCode: 0, ErrMsg: 'success' });
    expect(await status(orderNo)).toBe('pending');
    expect(await verdicts(orderNo)).toEqual(['rejected_unconfirmed']);
    // paid at the platform: the routed event settles (the query answers with the real transaction)
    const paidPush = (await sandbox().pay(orderNo)) as HttpPush;
    void paidPush;
    const tx = (await sandbox().trade(orderNo))!.transactionId!;
    expect(await invoke({ ...event, WeChatPayInfo: { ...event.WeChatPayInfo, TransactionId: tx } })).toEqual({
      ErrCode: 0,
      ErrMsg: 'success',
    });
    expect(await status(orderNo)).toBe('paid');
    // a learner calling the action directly is still only believed after the query
    const viaClient: any = await h.call('pay-notify', 'xpayEvent', { ...event, OutTradeNo: 'a'.repeat(24) }, { openid: 'xpay-routed' });
    expect(viaClient).toEqual({ ErrCode: 0, ErrMsg: 'success' });
  });

  it('the iOS refund query is answered (encrypted in safe mode) from the order, and recorded', async () => {
    const { orderNo } = await prepay('xpay-ios', 'column', column);
    const askBefore = await deliver(await sandbox().iosRefundQueryPush(orderNo));
    const decrypt = (reply: HttpReply) => {
      const body = JSON.parse(reply.body);
      expect(body.MsgSignature).toBe(sha1Sorted(XPAY_SANDBOX_DEFAULTS.pushToken, String(body.TimeStamp), body.Nonce, body.Encrypt));
      const key = Buffer.from(XPAY_SANDBOX_DEFAULTS.pushEncodingAesKey + '=', 'base64');
      const d = crypto.createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
      d.setAutoPadding(false);
      const full = Buffer.concat([d.update(Buffer.from(body.Encrypt, 'base64')), d.final()]);
      const len = full.readUInt32BE(16);
      return JSON.parse(full.subarray(20, 20 + len).toString('utf8'));
    };
    expect(decrypt(askBefore)).toMatchObject({ result_code: 0, result_info: '建议退款' });
    await deliver((await sandbox().pay(orderNo)) as HttpPush);
    const started = Date.now();
    const askAfter = await deliver(await sandbox().iosRefundQueryPush(orderNo));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(decrypt(askAfter)).toMatchObject({ result_code: 1, evidence: expect.stringContaining(orderNo) });
    expect(await verdicts(orderNo)).toEqual(['ios_refund_suggest', 'settled', 'ios_refund_refuse']);
  });

  it('a refund Apple granted (a refund push for an order we never refunded) takes the access away once', async () => {
    const { orderNo } = await prepay('xpay-apple', 'column', column);
    await deliver((await sandbox().pay(orderNo)) as HttpPush);
    const trade = (await sandbox().trade(orderNo))!;
    const applePush = sandbox().push({
      ToUserName: 'gh_sandbox',
      FromUserName: 'o',
      CreateTime: 1,
      MsgType: 'event',
      Event: 'xpay_refund_notify',
      OpenId: trade.openid,
      WxRefundId: 'apple-1',
      MchRefundId: 'apple-refund-0001',
      WxOrderId: 'wx1',
      MchOrderId: orderNo,
      RefundFee: 9900,
      RetCode: 0,
      RetMsg: 'ok',
    }) as HttpPush;
    await deliver(applePush);
    await deliver(applePush);
    expect(await status(orderNo)).toBe('refunded');
    expect(await h.ok('catalog', 'column', { columnId: column }, { openid: 'xpay-apple' })).toMatchObject({ owned: false });
    expect(await h.db('refunds').whereIn('order_id', h.db('orders').where('order_no', orderNo).select('id'))).toHaveLength(1);
  });

  it('pay.confirm settles a lost push from query_order; the URL check echoes only a valid signature', async () => {
    const { orderNo } = await prepay('xpay-confirm', 'article', article);
    await sandbox().pay(orderNo); // paid, but the push never arrives
    expect((await h.ok('pay', 'confirm', { orderNo }, { openid: 'xpay-confirm' })).status).toBe('paid');
    expect((await sandbox().trade(orderNo))!.delivered).toBe(true); // notify_provide_goods
    expect(await verdicts(orderNo)).toEqual(['settled']);

    const ts = '1714036504';
    const nonce = '1514711492';
    const get = (signature: string) =>
      fn().invoke(
        { httpMethod: 'GET', queryStringParameters: { signature, timestamp: ts, nonce, echostr: 'echo-123' } },
        { deps: h.deps, caller: callerFor({ source: 'wx_http' }) },
      ) as unknown as Promise<HttpReply>;
    expect(await get(sha1Sorted(XPAY_SANDBOX_DEFAULTS.pushToken, ts, nonce))).toMatchObject({ statusCode: 200, body: 'echo-123' });
    expect((await get('0'.repeat(40))).body).not.toBe('echo-123');
  });
});
