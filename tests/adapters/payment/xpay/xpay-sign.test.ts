import crypto from 'node:crypto';
import {
  appKeyForEnv,
  buildSignData,
  CLIENT_PAY_URI,
  hexDigestEquals,
  paySig,
  signVirtualPayment,
  userSignature,
  XPaySignError,
} from '../../../../server/adapters/payment/xpay/xpay-sign';

/**
 * The virtual-payment signatures, checked against the official worked example (virtual-payment.html
 * §2.4 "参考的python脚本") and against an HMAC built here from SHA-256 by RFC 2104, a code path that
 * shares nothing with createHmac.
 */
function rfc2104HmacSha256Hex(key: string, message: string): string {
  let k = Buffer.from(key, 'utf8');
  if (k.length > 64) k = crypto.createHash('sha256').update(k).digest();
  k = Buffer.concat([k, Buffer.alloc(64 - k.length)]);
  const ipad = Buffer.from(k.map((b) => b ^ 0x36));
  const opad = Buffer.from(k.map((b) => b ^ 0x5c));
  const inner = crypto.createHash('sha256').update(ipad).update(Buffer.from(message, 'utf8')).digest();
  return crypto.createHash('sha256').update(opad).update(inner).digest('hex');
}

const keys = { liveAppKey: 'live-app-key-0123456789', sandboxAppKey: 'sandbox-app-key-9876543210' };
const order = {
  offerId: '1450012345',
  env: 1 as const,
  productId: 'column_42',
  amountFen: 9900,
  orderNo: '20260601020000a1b2c3d4e5f6a7b8',
};

describe('xpay signatures', () => {
  describe("the official example (query_user_balance, appkey '12345', session_key '9hAb/NEYUlkaMBEsmFgzig==')", () => {
    const postBody = '{"openid": "xxx", "user_ip": "127.0.0.1", "env": 0}';

    it('pay_sig = hex HMAC-SHA256(appKey, uri + "&" + post_body)', () => {
      expect(paySig('12345', '/xpay/query_user_balance', postBody)).toBe(
        'c37809f27c6d7fd1837ad2500a04512b66b34fd793a39a385fade56dca89a4b5',
      );
    });

    it('signature = hex HMAC-SHA256(session_key as its UTF-8 string, post_body) — the key is not base64-decoded', () => {
      expect(userSignature('9hAb/NEYUlkaMBEsmFgzig==', postBody)).toBe('089d9e8dc5d308977360c4b79ec600a93d736802802a807d634192328032f6c7');
      const decodedKey = crypto.createHmac('sha256', Buffer.from('9hAb/NEYUlkaMBEsmFgzig==', 'base64')).update(postBody).digest('hex');
      expect(userSignature('9hAb/NEYUlkaMBEsmFgzig==', postBody)).not.toBe(decodedKey);
    });
  });

  it('signData: the documented keys in the documented order, goodsPrice = amountFen, outTradeNo = orderNo, buyQuantity 1, CNY', () => {
    expect(buildSignData({ ...order, attach: 'o:42' })).toBe(
      '{"offerId":"1450012345","buyQuantity":1,"env":1,"currencyType":"CNY","productId":"column_42","goodsPrice":9900,"outTradeNo":"20260601020000a1b2c3d4e5f6a7b8","attach":"o:42"}',
    );
    expect(JSON.parse(buildSignData(order))).toEqual({
      offerId: '1450012345',
      buyQuantity: 1,
      env: 1,
      currencyType: 'CNY',
      productId: 'column_42',
      goodsPrice: 9900,
      outTradeNo: order.orderNo,
    });
    expect(buildSignData(order)).not.toContain('attach');
    expect(buildSignData(order)).not.toContain('platform');
  });

  it('signVirtualPayment: the client uri is the word requestVirtualPayment; both signatures cover the exact signData string', () => {
    const params = signVirtualPayment({ ...order, appKeys: keys, sessionKey: 'HyVFkGl5F5OQWJZZaNzBBg==' });
    expect(params.mode).toBe('short_series_goods');
    expect(CLIENT_PAY_URI).toBe('requestVirtualPayment');
    expect(params.paySig).toBe(rfc2104HmacSha256Hex(keys.sandboxAppKey, `requestVirtualPayment&${params.signData}`));
    expect(params.signature).toBe(rfc2104HmacSha256Hex('HyVFkGl5F5OQWJZZaNzBBg==', params.signData));
    expect(params.paySig).toMatch(/^[0-9a-f]{64}$/);
    expect(params.signature).toMatch(/^[0-9a-f]{64}$/);
  });

  it('env picks the AppKey: 0 the live key, 1 the sandbox key', () => {
    const live = signVirtualPayment({ ...order, env: 0, appKeys: keys, sessionKey: 'k' });
    expect(live.paySig).toBe(rfc2104HmacSha256Hex(keys.liveAppKey, `requestVirtualPayment&${live.signData}`));
    expect(appKeyForEnv(keys, 0)).toBe(keys.liveAppKey);
    expect(appKeyForEnv(keys, 1)).toBe(keys.sandboxAppKey);
    expect(() => appKeyForEnv({ liveAppKey: 'x', sandboxAppKey: '' }, 1)).toThrow(XPaySignError);
  });

  it('non-ASCII bodies are signed as UTF-8 bytes', () => {
    const body = '{"attach":"专栏·第一讲"}';
    expect(paySig('密钥', '/xpay/query_order', body)).toBe(rfc2104HmacSha256Hex('密钥', `/xpay/query_order&${body}`));
  });

  it('a server uri with a query string is refused (the signed uri is the bare path)', () => {
    expect(() => paySig('k', '/xpay/query_order?access_token=x', '{}')).toThrow(XPaySignError);
  });

  it.each([
    ['outTradeNo too short', { orderNo: 'abc1234' }, 'outTradeNo'],
    ['outTradeNo too long', { orderNo: 'a'.repeat(33) }, 'outTradeNo'],
    ['outTradeNo starting with _', { orderNo: '_20260601020000' }, 'outTradeNo'],
    ['outTradeNo with a space', { orderNo: '2026 0601 0200' }, 'outTradeNo'],
    ['goodsPrice zero', { amountFen: 0 }, 'goodsPrice'],
    ['goodsPrice fractional', { amountFen: 9.9 }, 'goodsPrice'],
    ['offerId not the numeric string', { offerId: 'abc' }, 'offerId'],
    ['offerId as a number', { offerId: 1450012345 as unknown as string }, 'offerId'],
    ['env 2', { env: 2 as unknown as 0 }, 'env'],
    ['empty productId', { productId: '' }, 'productId'],
    ['productId with a dot', { productId: 'a.b' }, 'productId'],
  ])('refuses %s', (_name, patch, field) => {
    expect(() => buildSignData({ ...order, ...patch })).toThrow(expect.objectContaining({ field }));
  });

  it('outTradeNo accepts the documented symbols _-|*@ after the first character', () => {
    expect(() => buildSignData({ ...order, orderNo: 'A_b-c|d*e@f' })).not.toThrow();
  });

  it('hexDigestEquals: equal digests only, any case, never throws on junk', () => {
    const d = paySig('k', 'u', 'b');
    expect(hexDigestEquals(d, d.toUpperCase())).toBe(true);
    expect(hexDigestEquals(d, d.slice(0, -1) + (d.endsWith('0') ? '1' : '0'))).toBe(false);
    expect(hexDigestEquals(d, undefined)).toBe(false);
    expect(hexDigestEquals(d, 'zz')).toBe(false);
    expect(hexDigestEquals('abc', 'abc')).toBe(false); // odd length is not a digest
  });
});
