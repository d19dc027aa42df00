import crypto from 'node:crypto';

/**
 * Signing for 小程序虚拟支付 (WeChat virtual payment, "xpay"): the `signData` handed to
 * `wx.requestVirtualPayment`, the AppKey signature `paySig` / `pay_sig`, and the login-state
 * signature `signature`. Pure functions, Node crypto only. Sources: docs/wechat-virtual-payment.md.
 *
 * The one rule behind every signature-error ticket in WeChat's forum (-15005, -15006, 268490003):
 * the string that is signed must be byte-identical to the string that is sent. So signData is built
 * once, as a string, here; callers pass that exact string on and never re-serialise it.
 */

/** `env` in signData and in every server API body: 0 live (现网), 1 sandbox (沙箱). */
export type XPayEnv = 0 | 1;

/** The AppKey pair from MP → 虚拟支付 → 基本配置 → 基础配置; each env has its own key. */
export interface XPayAppKeys {
  liveAppKey: string;
  sandboxAppKey: string;
}

/** The uri the client API signs: a fixed word, not a path (unlike the server APIs). */
export const CLIENT_PAY_URI = 'requestVirtualPayment';

/** wx.requestVirtualPayment `mode` for buying one pre-registered 道具 (item) directly. */
export const SHORT_SERIES_GOODS = 'short_series_goods';

/** 8–32 of [0-9A-Za-z_-|*@], not starting with '_' (wx.requestVirtualPayment, outTradeNo). */
const OUT_TRADE_NO = /^(?!_)[0-9A-Za-z_\-|*@]{8,32}$/;

export class XPaySignError extends Error {
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`${field}: ${detail}`);
    this.name = 'XPaySignError';
  }
}

/** Picks the AppKey of the env a request is for: a sandbox order signed with the live key fails. */
export function appKeyForEnv(keys: XPayAppKeys, env: XPayEnv): string {
  const key = env === 1 ? keys.sandboxAppKey : keys.liveAppKey;
  if (!key) throw new XPaySignError('appKey', `no AppKey configured for env ${env}`);
  return key;
}

export interface SignDataInput {
  /** MP 虚拟支付 → 基础配置 → OfferId. A string: a number here fails with -15016 ("doesn't expect an uint32"). */
  offerId: string;
  env: XPayEnv;
  /** The 道具 id registered on the platform for this priced item. */
  productId: string;
  /** The order's amountFen. Must equal the 道具's registered price, else -15013. */
  amountFen: number;
  /** Our orderNo; single use on the platform (reuse fails with -15002). */
  orderNo: string;
  /** Passed back to us in the delivery push (GoodsInfo.Attach). */
  attach?: string;
  /** A discounted price (fen) for this order; the platform refuses one below 40% of goodsPrice. */
  activitySellingPrice?: number;
}

/**
 * The signData JSON string, keys in the documented example's order. Only documented keys: forum
 * threads report that extra keys (an old example's `platform`) make the signature check fail.
 */
export function buildSignData(input: SignDataInput): string {
  if (typeof input.offerId !== 'string' || !/^\d+$/.test(input.offerId)) {
    throw new XPaySignError('offerId', 'must be the numeric OfferId as a string');
  }
  if (input.env !== 0 && input.env !== 1) throw new XPaySignError('env', 'must be 0 (live) or 1 (sandbox)');
  if (
    typeof input.productId !== 'string' ||
    input.productId.length === 0 ||
    input.productId.length > 64 ||
    !/^[0-9A-Za-z_-]+$/.test(input.productId)
  ) {
    // The 道具 id rule from start_upload_goods: (0,64] of letters, digits, '_' and '-'.
    throw new XPaySignError('productId', 'must be 1–64 of [0-9A-Za-z_-]');
  }
  if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0) {
    throw new XPaySignError('goodsPrice', 'must be a positive integer number of fen');
  }
  if (!OUT_TRADE_NO.test(input.orderNo)) {
    throw new XPaySignError('outTradeNo', 'must be 8–32 of [0-9A-Za-z_-|*@], not starting with _');
  }
  const data: Record<string, string | number> = {
    offerId: input.offerId,
    buyQuantity: 1,
    env: input.env,
    currencyType: 'CNY',
    productId: input.productId,
    goodsPrice: input.amountFen,
    outTradeNo: input.orderNo,
  };
  if (input.activitySellingPrice !== undefined) {
    const p = input.activitySellingPrice;
    if (!Number.isSafeInteger(p) || p <= 0 || p >= input.amountFen || p * 100 < input.amountFen * 40) {
      throw new XPaySignError('activitySellingPrice', 'must be below goodsPrice and at least 40% of it');
    }
    data.activitySellingPrice = p;
  }
  if (input.attach !== undefined) data.attach = input.attach;
  return JSON.stringify(data);
}

/**
 * pay_sig / paySig = to_hex(hmac_sha256(appKey, uri + '&' + body)). For the client the uri is
 * `requestVirtualPayment` and the body is signData; for a server API it is the path without the
 * query string (`/xpay/query_order`) and the exact POST body.
 */
export function paySig(appKey: string, uri: string, body: string): string {
  if (uri.includes('?')) throw new XPaySignError('uri', 'the signed uri carries no query string');
  return crypto.createHmac('sha256', Buffer.from(appKey, 'utf8')).update(`${uri}&${body}`, 'utf8').digest('hex');
}

/**
 * signature = to_hex(hmac_sha256(session_key, body)). The key is the session_key *string* as
 * UTF-8 bytes, exactly as code2Session returned it: base64-decoding it first (as WeChat's data
 * decryption does) gives -15005 here.
 */
export function userSignature(sessionKey: string, body: string): string {
  if (!sessionKey) throw new XPaySignError('sessionKey', 'required');
  return crypto.createHmac('sha256', Buffer.from(sessionKey, 'utf8')).update(body, 'utf8').digest('hex');
}

/** What `pay.prepay` hands the mini program for `wx.requestVirtualPayment` (API.md "Virtual payment"). */
export interface VirtualPaymentParams {
  mode: typeof SHORT_SERIES_GOODS;
  signData: string;
  paySig: string;
  signature: string;
}

/** signData plus both signatures; the session_key is used here and never leaves the server. */
export function signVirtualPayment(input: SignDataInput & { appKeys: XPayAppKeys; sessionKey: string }): VirtualPaymentParams {
  const signData = buildSignData(input);
  return {
    mode: SHORT_SERIES_GOODS,
    signData,
    paySig: paySig(appKeyForEnv(input.appKeys, input.env), CLIENT_PAY_URI, signData),
    signature: userSignature(input.sessionKey, signData),
  };
}

/** Constant-time comparison of two hex digests (a sandbox cashier checking what it was sent). */
export function hexDigestEquals(expected: string, actual: unknown): boolean {
  if (typeof actual !== 'string' || actual.length !== expected.length || !/^(?:[0-9a-f]{2})+$/i.test(actual)) return false;
  if (!/^(?:[0-9a-f]{2})+$/i.test(expected)) return false;
  return crypto.timingSafeEqual(Buffer.from(expected.toLowerCase(), 'hex'), Buffer.from(actual.toLowerCase(), 'hex'));
}
