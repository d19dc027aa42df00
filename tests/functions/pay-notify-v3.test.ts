import { loadFunction } from '../../server/emulator/functions';
import { createWechatPayV3Gateway } from '../../server/adapters/payment/wechatpay-v3.gateway';
import type { CloudFunction } from '../../server/runtime/define-function';
import type { Deps } from '../../server/runtime/deps';
import { createHarness, callerFor, type Harness } from '../support/harness';
import { insertColumn } from '../support/fixtures';
import { entitlementsOf } from '../support/payments';
import {
  encryptResource,
  makeWechatPayKeys,
  signedNotification,
  transactionNotificationBody,
  type TestWechatPayKeys,
} from '../support/wechatpay-keys';

type HttpReply = { statusCode: number; body: string };

/**
 * pay-notify on the API v3 path (CloudBase HTTP access): the signature on the raw body is the
 * proof of origin; 204 means received, 401 asks WeChat to send again and grants nothing.
 */
describe('pay-notify over API v3', () => {
  let h: Harness;
  let keys: TestWechatPayKeys;
  let deps: Deps;
  let column: number;

  const fn = () => loadFunction('pay-notify') as unknown as CloudFunction<HttpReply>;
  const call = (name: string, action: string, input: object, openid: string) =>
    loadFunction(name).invoke({ $url: action, ...input }, { deps, caller: callerFor({ openid }) });
  const httpEvent = (n: { headers: Record<string, string>; body: string }) => ({
    path: '/pay-notify',
    httpMethod: 'POST',
    headers: n.headers,
    queryStringParameters: {},
    body: n.body,
    isBase64Encoded: false,
  });
  const nowSec = () => Math.floor(h.clock.now().getTime() / 1000);

  beforeAll(async () => {
    h = await createHarness();
    keys = makeWechatPayKeys();
    const payments = createWechatPayV3Gateway(
      {
        appId: 'wxapp',
        mchId: '1230000109',
        merchantCertPem: '',
        merchantKeyPem: '',
        apiV3Key: keys.apiV3Key,
        notifyUrl: 'https://example.com/notify',
        platformCertPem: keys.platformCertPem,
        publicKeyPem: keys.publicKeyPem,
        publicKeyId: keys.publicKeyId,
      },
      () => {
        throw new Error('no network in tests');
      },
    );
    deps = { ...h.deps, payments };
    column = await insertColumn(h.db, h.clock.now(), { price_fen: 4900 });
  });
  afterAll(() => h.close());

  async function newOrder(openid: string) {
    const res: any = await call('order', 'create', { itemType: 'column', itemId: column }, openid);
    return res.data.orderNo as string;
  }
  const notification = (orderNo: string, over: object = {}, signer = () => keys.platformKeyPem) =>
    signedNotification({
      body: transactionNotificationBody(
        encryptResource(
          {
            mchid: '1230000109',
            out_trade_no: orderNo,
            transaction_id: `42${orderNo}`,
            trade_state: 'SUCCESS',
            amount: { total: 4900 },
            success_time: '2026-06-01T10:01:00+08:00',
            ...over,
          },
          keys.apiV3Key,
        ),
      ),
      privateKeyPem: signer(),
      serial: keys.platformSerial,
      timestamp: nowSec(),
    });

  it('a signed notification settles the order (204); repeats and concurrent repeats grant once', async () => {
    const orderNo = await newOrder('v3-buyer');
    const n = notification(orderNo);
    const replies = await Promise.all(
      Array.from({ length: 5 }, () => fn().invoke(httpEvent(n), { deps, caller: callerFor({ source: 'wx_http' }) })),
    );
    expect(replies.every((r) => r.statusCode === 204)).toBe(true);
    expect(await entitlementsOf(h, 'v3-buyer')).toHaveLength(1);
    expect((await h.db('orders').where('order_no', orderNo).first()).status).toBe('paid');
  });

  it('invalid signature, stale timestamp, tampered ciphertext → 401, recorded, nothing granted', async () => {
    const orderNo = await newOrder('v3-victim');
    const good = notification(orderNo);
    const badSig = { ...good, headers: { ...good.headers, 'Wechatpay-Signature': Buffer.from('x'.repeat(256)).toString('base64') } };
    const stale = signedNotification({
      body: good.body,
      privateKeyPem: keys.platformKeyPem,
      serial: keys.platformSerial,
      timestamp: nowSec() - 600,
    });
    const parsed = JSON.parse(good.body);
    const ct = Buffer.from(parsed.resource.ciphertext, 'base64');
    ct[0] ^= 0xff;
    parsed.resource.ciphertext = ct.toString('base64');
    const tampered = signedNotification({
      body: JSON.stringify(parsed),
      privateKeyPem: keys.platformKeyPem,
      serial: keys.platformSerial,
      timestamp: nowSec(),
    });
    for (const [n, verdict] of [
      [badSig, 'rejected_signature'],
      [stale, 'rejected_stale'],
      [tampered, 'rejected_decrypt'],
    ] as const) {
      const reply = await fn().invoke(httpEvent(n), { deps, caller: callerFor({ source: 'wx_http' }) });
      expect(reply.statusCode).toBe(401);
      expect((await h.db('payment_events').orderBy('id', 'desc').first()).verdict).toBe(verdict);
    }
    // wrong amount with a valid signature is acknowledged but grants nothing
    expect(
      (await fn().invoke(httpEvent(notification(orderNo, { amount: { total: 1 } })), { deps, caller: callerFor({ source: 'wx_http' }) }))
        .statusCode,
    ).toBe(204);
    expect((await h.db('payment_events').orderBy('id', 'desc').first()).verdict).toBe('rejected_amount');
    expect(await entitlementsOf(h, 'v3-victim')).toHaveLength(0);
    expect((await h.db('orders').where('order_no', orderNo).first()).status).toBe('pending');
    // malformed HTTP events are 400
    expect(
      (await fn().invoke({ httpMethod: 'POST', headers: {}, body: 42 }, { deps, caller: callerFor({ source: 'wx_http' }) })).statusCode,
    ).toBe(400);
  });

  it('the sandbox deployment refuses v3 notifications', async () => {
    const orderNo = await newOrder('v3-other');
    const reply = await fn().invoke(httpEvent(notification(orderNo)), { deps: h.deps, caller: callerFor({ source: 'wx_http' }) });
    expect(reply.statusCode).toBe(401);
    expect(await entitlementsOf(h, 'v3-other')).toHaveLength(0);
  });
});
