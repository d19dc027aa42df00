import crypto from 'node:crypto';
import { createWechatPayV3Gateway, decryptResource, type WxPayClient } from '../../../server/adapters/payment/wechatpay-v3.gateway';
import { GatewayError, NotificationRejected } from '../../../server/ports/payment-gateway';
import {
  encryptResource,
  makeWechatPayKeys,
  signedNotification,
  transactionNotificationBody,
  type TestWechatPayKeys,
} from '../../support/wechatpay-keys';

const NOW = new Date('2026-06-01T02:30:00Z');
const nowSec = Math.floor(NOW.getTime() / 1000);

function fakeClient(over: Partial<WxPayClient> = {}): WxPayClient & { calls: any[] } {
  const calls: any[] = [];
  const rec =
    (name: string, result: any) =>
    async (...args: any[]) => {
      calls.push({ name, args });
      return typeof result === 'function' ? result(...args) : result;
    };
  return {
    calls,
    transactions_jsapi: rec('transactions_jsapi', {
      status: 200,
      data: { appId: 'wxapp', timeStamp: '1', nonceStr: 'n', package: 'prepay_id=wx1', signType: 'RSA', paySign: 'sig' },
    }),
    query: rec('query', {
      status: 200,
      data: {
        trade_state: 'SUCCESS',
        transaction_id: '4200000001',
        amount: { total: 990, payer_total: 990 },
        mchid: '1230000109',
        success_time: '2026-06-01T10:29:00+08:00',
      },
    }),
    close: rec('close', { status: 204 }),
    refunds: rec('refunds', { status: 200, data: { refund_id: '50300000012026', status: 'PROCESSING' } }),
    verifySign: rec('verifySign', false),
    ...over,
  } as any;
}

describe('wechatpay-v3 gateway', () => {
  let keys: TestWechatPayKeys;
  let settings: Parameters<typeof createWechatPayV3Gateway>[0];
  const paid = {
    mchid: '1230000109',
    appid: 'wxd678efh567hg6787',
    out_trade_no: '20260601020000a1b2c3d4e5f6a7b8',
    transaction_id: '1217752501201407033233368018',
    trade_type: 'JSAPI',
    trade_state: 'SUCCESS',
    success_time: '2026-06-01T10:29:35+08:00',
    payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
    amount: { total: 990, payer_total: 990, currency: 'CNY', payer_currency: 'CNY' },
  };

  beforeAll(() => {
    keys = makeWechatPayKeys();
    settings = {
      appId: 'wxd678efh567hg6787',
      mchId: '1230000109',
      merchantCertPem: '',
      merchantKeyPem: '',
      apiV3Key: keys.apiV3Key,
      notifyUrl: 'https://example.com/pay-notify',
      platformCertPem: keys.platformCertPem,
      publicKeyPem: keys.publicKeyPem,
      publicKeyId: keys.publicKeyId,
    };
  });

  const gateway = (client = fakeClient()) => createWechatPayV3Gateway(settings, () => client);
  const body = () => transactionNotificationBody(encryptResource(paid, keys.apiV3Key));
  const rejection = async (p: Promise<unknown>) => {
    const err = await p.then(
      () => null,
      (e) => e,
    );
    expect(err).toBeInstanceOf(NotificationRejected);
    return (err as NotificationRejected).reason;
  };

  it('verifies a notification signed with the platform certificate and decrypts the transaction', async () => {
    const n = signedNotification({ body: body(), privateKeyPem: keys.platformKeyPem, serial: keys.platformSerial, timestamp: nowSec - 10 });
    expect(await gateway().verifyNotification!(n, NOW)).toEqual({
      kind: 'trade',
      provider: 'wechatpay-v3',
      orderNo: paid.out_trade_no,
      proven: true,
      platformResult: 'SUCCESS',
      trade: {
        transactionId: paid.transaction_id,
        state: 'SUCCESS',
        amountFen: 990,
        merchantId: '1230000109',
        paidAt: new Date('2026-06-01T02:29:35Z'),
      },
    });
  });

  it('verifies a notification signed with the WeChat Pay public key (PUB_KEY_ID_…) via crypto.verify', async () => {
    const n = signedNotification({ body: body(), privateKeyPem: keys.publicKeyPrivatePem, serial: keys.publicKeyId, timestamp: nowSec });
    expect(await gateway().verifyNotification!(n, NOW)).toMatchObject({ orderNo: paid.out_trade_no });
    const otherId = signedNotification({
      body: body(),
      privateKeyPem: keys.publicKeyPrivatePem,
      serial: 'PUB_KEY_ID_999',
      timestamp: nowSec,
    });
    expect(await rejection(gateway().verifyNotification!(otherId, NOW))).toBe('signature');
  });

  it('rejects an invalid signature, a body changed after signing, and an unknown serial', async () => {
    const stranger = crypto
      .generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const forged = signedNotification({ body: body(), privateKeyPem: stranger, serial: keys.platformSerial, timestamp: nowSec });
    expect(await rejection(gateway().verifyNotification!(forged, NOW))).toBe('signature');

    const genuine = signedNotification({
      body: body(),
      privateKeyPem: keys.platformKeyPem,
      serial: keys.platformSerial,
      timestamp: nowSec,
    });
    const reserialised = { ...genuine, body: JSON.stringify(JSON.parse(genuine.body), null, 1) };
    expect(await rejection(gateway().verifyNotification!(reserialised, NOW))).toBe('signature');

    const client = fakeClient();
    const unknown = signedNotification({ body: body(), privateKeyPem: keys.platformKeyPem, serial: 'ABCDEF0123', timestamp: nowSec });
    expect(await rejection(gateway(client).verifyNotification!(unknown, NOW))).toBe('signature');
    // an unknown certificate serial is left to the package, which downloads the platform certificates
    expect(client.calls.map((c) => c.name)).toEqual(['verifySign']);
  });

  it('rejects a stale or future timestamp (more than 5 minutes off) and missing headers', async () => {
    for (const ts of [nowSec - 301, nowSec + 301, 0]) {
      const n = signedNotification({ body: body(), privateKeyPem: keys.platformKeyPem, serial: keys.platformSerial, timestamp: ts });
      expect(await rejection(gateway().verifyNotification!(n, NOW))).toBe('stale');
    }
    const n = signedNotification({ body: body(), privateKeyPem: keys.platformKeyPem, serial: keys.platformSerial, timestamp: nowSec });
    const { ['Wechatpay-Signature']: _dropped, ...noSignature } = n.headers;
    expect(await rejection(gateway().verifyNotification!({ headers: noSignature, body: n.body }, NOW))).toBe('headers');
  });

  it('rejects tampered ciphertext even when the envelope is validly signed (GCM tag checked)', async () => {
    const resource = encryptResource(paid, keys.apiV3Key);
    const raw = Buffer.from(resource.ciphertext, 'base64');
    raw[5] ^= 0x01;
    const tampered = transactionNotificationBody({ ...resource, ciphertext: raw.toString('base64') });
    const n = signedNotification({ body: tampered, privateKeyPem: keys.platformKeyPem, serial: keys.platformSerial, timestamp: nowSec });
    expect(await rejection(gateway().verifyNotification!(n, NOW))).toBe('decrypt');
    expect(() => decryptResource({ ...resource, ciphertext: raw.toString('base64') }, keys.apiV3Key)).toThrow();
    const wrongKey = signedNotification({
      body: transactionNotificationBody(encryptResource(paid, 'k'.repeat(32))),
      privateKeyPem: keys.platformKeyPem,
      serial: keys.platformSerial,
      timestamp: nowSec,
    });
    expect(await rejection(gateway().verifyNotification!(wrongKey, NOW))).toBe('decrypt');
  });

  it('prepay calls transactions_jsapi with the documented fields and returns the signed pay params', async () => {
    const client = fakeClient();
    const res = await gateway(client).prepay({
      orderNo: 'o1',
      description: '专栏',
      amountFen: 990,
      openid: 'oid',
      expiresAt: new Date('2026-06-01T02:30:00Z'),
    });
    expect(res.payment).toMatchObject({ package: 'prepay_id=wx1', signType: 'RSA', paySign: 'sig' });
    expect(client.calls[0].args[0]).toEqual({
      description: '专栏',
      out_trade_no: 'o1',
      notify_url: 'https://example.com/pay-notify',
      time_expire: '2026-06-01T10:30:00+08:00',
      amount: { total: 990, currency: 'CNY' },
      payer: { openid: 'oid' },
    });
    const failing = fakeClient({ transactions_jsapi: async () => ({ status: 400, error: { code: 'PARAM_ERROR' } }) });
    await expect(
      gateway(failing).prepay({ orderNo: 'o1', description: 'x', amountFen: 1, openid: 'o', expiresAt: NOW }),
    ).rejects.toBeInstanceOf(GatewayError);
  });

  it('query, close and refunds map the v3 replies', async () => {
    expect(await gateway().query('o1')).toMatchObject({
      state: 'SUCCESS',
      amountFen: 990,
      transactionId: '4200000001',
      merchantId: '1230000109',
    });
    expect(
      (await gateway(fakeClient({ query: async () => ({ status: 404, error: { code: 'ORDER_NOT_EXIST' } }) })).query('o1')).state,
    ).toBe('NOT_FOUND');
    expect(await gateway(fakeClient({ query: async () => ({ status: 200, data: { trade_state: 'NOTPAY' } }) })).close('o1')).toBe('closed');
    // close refused because the trade was paid meanwhile
    expect(await gateway(fakeClient({ close: async () => ({ status: 400, error: { code: 'ORDERPAID' } }) })).close('o1')).toBe('paid');
    const client = fakeClient();
    expect(await gateway(client).refund({ orderNo: 'o1', outRefundNo: 'Ro1', totalFen: 990, refundFen: 990, reason: '退款' })).toEqual({
      accepted: true,
      refundId: '50300000012026',
    });
    expect(client.calls[0].args[0]).toEqual({
      out_trade_no: 'o1',
      out_refund_no: 'Ro1',
      reason: '退款',
      amount: { refund: 990, total: 990, currency: 'CNY' },
    });
    expect(
      (
        await gateway(fakeClient({ refunds: async () => ({ status: 403, error: { code: 'NOT_ENOUGH' } }) })).refund({
          orderNo: 'o1',
          outRefundNo: 'R',
          totalFen: 1,
          refundFen: 1,
          reason: '',
        })
      ).accepted,
    ).toBe(false);
  });

  it('refuses to start without the merchant settings it needs', () => {
    expect(() => createWechatPayV3Gateway({ ...settings, mchId: '' })).toThrow('WECHATPAY_MCHID');
    expect(() => createWechatPayV3Gateway({ ...settings, apiV3Key: 'short' })).toThrow('32 bytes');
  });
});
