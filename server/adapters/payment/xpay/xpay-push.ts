import crypto from 'node:crypto';
import { hexDigestEquals } from './xpay-sign';

/**
 * Virtual-payment callbacks arrive through the mini program's message push (消息推送), the same
 * channel as every other mini program event. This module proves a push came from WeChat, decrypts
 * it in safe mode (安全模式), and turns the JSON into typed events. No IO; the caller settles.
 * Sources and test vectors: docs/wechat-virtual-payment.md.
 *
 * Configure the push in MP → 开发管理 → 消息推送 with 数据格式 JSON (XML is WeChat's default, and is
 * not parsed here) and 安全模式. Two WeChat quirks decide the design:
 * - In plain mode (明文模式) `signature` = sha1(sort(token, timestamp, nonce)) does not cover the
 *   body: anyone who has seen one signed URL can post any body with it. Plain pushes are accepted
 *   only when the caller opts out of `requireEncryption`, and even then settlement must re-query
 *   the order (query_order) before granting anything.
 * - In safe mode `msg_signature` = sha1(sort(token, timestamp, nonce, Encrypt)) covers the
 *   ciphertext; the doc says explicitly not to use `signature` there. The signature is checked
 *   before decrypting, so padding errors are never an oracle for a forged ciphertext.
 */

export type PushRejection =
  | 'body-too-large'
  | 'missing-params'
  | 'bad-signature'
  | 'stale'
  | 'encryption-required'
  | 'bad-ciphertext'
  | 'bad-padding'
  | 'bad-length'
  | 'wrong-appid'
  | 'json-too-deep'
  | 'malformed';

/** Thrown for a push that must grant nothing. The reason goes to payment_events, not to the caller. */
export class XPayPushRejected extends Error {
  constructor(
    readonly reason: PushRejection,
    detail: string,
  ) {
    super(`${reason}: ${detail}`);
    this.name = 'XPayPushRejected';
  }
}

/** A mis-configured verifier (bad EncodingAESKey, no token): a deploy error, not a bad push. */
export class XPayPushConfigError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'XPayPushConfigError';
  }
}

// ---------------------------------------------------------------------------------------------
// Signatures

/** sha1 over the lexicographically sorted parts, concatenated without separator (hex). */
export function sortedSha1(parts: string[]): string {
  return crypto
    .createHash('sha1')
    .update([...parts].sort().join(''), 'utf8')
    .digest('hex');
}

/** Plain mode and the GET URL check: signature = sha1(sort(token, timestamp, nonce)). */
export const urlSignature = (token: string, timestamp: string, nonce: string): string => sortedSha1([token, timestamp, nonce]);

/** Safe mode: msg_signature = sha1(sort(token, timestamp, nonce, Encrypt)). */
export const messageSignature = (token: string, timestamp: string, nonce: string, encrypt: string): string =>
  sortedSha1([token, timestamp, nonce, encrypt]);

// ---------------------------------------------------------------------------------------------
// Safe-mode crypto (AES-256-CBC, the platform's own PKCS#7 with 32-byte blocks)

/** PKCS#7 as WeChat defines it here: padded to a multiple of K = 32 (the key length), not 16. */
const PAD_BLOCK = 32;

/** AESKey = Base64_Decode(EncodingAESKey + "="): 43 characters → 32 bytes; the IV is its first 16. */
export function decodeEncodingAesKey(encodingAesKey: string): Buffer {
  if (typeof encodingAesKey !== 'string' || !/^[A-Za-z0-9+/]{43}$/.test(encodingAesKey)) {
    throw new XPayPushConfigError('EncodingAESKey must be the 43 characters shown in MP 消息推送');
  }
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== 32) throw new XPayPushConfigError('EncodingAESKey does not decode to 32 bytes');
  return key;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decrypts `Encrypt` to the message text. FullStr = random(16) + msg_len(4, big-endian) + msg + appid;
 * the trailing appid must be ours, or the push was meant for (or forged from) another mini program.
 */
export function decryptMessage(aesKey: Buffer, encrypt: string, expectedAppId: string): string {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encrypt) || encrypt.length % 4 !== 0) {
    throw new XPayPushRejected('bad-ciphertext', 'Encrypt is not base64');
  }
  const cipherText = Buffer.from(encrypt, 'base64');
  if (cipherText.length === 0 || cipherText.length % 16 !== 0) {
    throw new XPayPushRejected('bad-ciphertext', `ciphertext of ${cipherText.length} bytes is not whole AES blocks`);
  }
  const decipher = crypto.createDecipheriv('aes-256-cbc', aesKey, aesKey.subarray(0, 16));
  // Node's own unpadding assumes 16-byte PKCS#7; WeChat pads to 32, so the padding is checked here.
  decipher.setAutoPadding(false);
  const full = Buffer.concat([decipher.update(cipherText), decipher.final()]);
  const pad = full[full.length - 1];
  if (pad < 1 || pad > PAD_BLOCK || pad > full.length) throw new XPayPushRejected('bad-padding', `pad byte ${pad}`);
  for (let i = full.length - pad; i < full.length; i++) {
    if (full[i] !== pad) throw new XPayPushRejected('bad-padding', 'inconsistent PKCS#7 padding');
  }
  const content = full.subarray(0, full.length - pad);
  if (content.length < 20) throw new XPayPushRejected('bad-length', 'shorter than random(16) + msg_len(4)');
  const msgLen = content.readUInt32BE(16);
  if (20 + msgLen > content.length) throw new XPayPushRejected('bad-length', `msg_len ${msgLen} exceeds the plaintext`);
  const appId = content.subarray(20 + msgLen).toString('latin1');
  if (!expectedAppId || appId !== expectedAppId) throw new XPayPushRejected('wrong-appid', `appid ${JSON.stringify(appId.slice(0, 40))}`);
  try {
    return utf8.decode(content.subarray(20, 20 + msgLen));
  } catch {
    throw new XPayPushRejected('malformed', 'message is not UTF-8');
  }
}

/** The inverse, for replies that must be encrypted in safe mode (the iOS refund answer). */
export function encryptMessage(
  aesKey: Buffer,
  message: string,
  appId: string,
  random16: Buffer = Buffer.from(crypto.randomBytes(8).toString('hex')),
): string {
  if (random16.length !== 16) throw new Error('random prefix must be 16 bytes');
  const msg = Buffer.from(message, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(msg.length, 0);
  const body = Buffer.concat([random16, len, msg, Buffer.from(appId, 'latin1')]);
  const pad = PAD_BLOCK - (body.length % PAD_BLOCK);
  const cipher = crypto.createCipheriv('aes-256-cbc', aesKey, aesKey.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([body, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}

// ---------------------------------------------------------------------------------------------
// JSON with limits

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
export const DEFAULT_MAX_JSON_DEPTH = 8;

/** Nesting depth of a JSON text, counted without parsing (so a hostile body never reaches JSON.parse). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) max = Math.max(max, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

export function parseJsonObject(text: string, limits: { maxBytes?: number; maxDepth?: number } = {}): Record<string, unknown> {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (text.length > maxBytes || Buffer.byteLength(text, 'utf8') > maxBytes) {
    throw new XPayPushRejected('body-too-large', `more than ${maxBytes} bytes`);
  }
  const maxDepth = limits.maxDepth ?? DEFAULT_MAX_JSON_DEPTH;
  if (jsonDepth(text) > maxDepth) throw new XPayPushRejected('json-too-deep', `nested deeper than ${maxDepth}`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new XPayPushRejected('malformed', text.trimStart().startsWith('<') ? 'XML push: set 数据格式 to JSON' : 'not JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new XPayPushRejected('malformed', 'not a JSON object');
  return value as Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// Typed events (field names exactly as the virtual-payment doc's 消息推送 tables)

interface PushHeader {
  ToUserName: string;
  FromUserName: string;
  CreateTime: number;
  MsgType: string;
}

/** 道具发货推送: the platform says the 道具 was paid; we must deliver once and ack the same on repeats. */
export interface XPayGoodsDeliverNotify extends PushHeader {
  Event: 'xpay_goods_deliver_notify';
  OpenId: string;
  OutTradeNo: string;
  Env: number;
  /** Absent when the channel was not WeChat Pay (Apple on iOS). */
  WeChatPayInfo?: { MchOrderNo: string; TransactionId: string; PaidTime: number };
  GoodsInfo: { ProductId: string; Quantity: number; OrigPrice: number; ActualPrice: number; Attach: string };
}

/** 退款推送: the end of a refund_order task (or an iOS refund Apple approved). RetCode 0 = refunded. */
export interface XPayRefundNotify extends PushHeader {
  Event: 'xpay_refund_notify';
  OpenId: string;
  WxRefundId: string;
  MchRefundId: string;
  WxOrderId: string;
  /** Our orderNo (the pay order's merchant id). */
  MchOrderId: string;
  RefundFee: number;
  RetCode: number;
  RetMsg: string;
  RefundStartTimestamp: number;
  RefundSuccTimestamp: number;
  WxpayRefundTransactionId: string;
  RetryTimes: number;
}

/** iOS 退款问询 (Apple asks whether to refund): all fields are strings in the doc; answer within 3 s. */
export interface XPayIosRefundQueryNotify extends PushHeader {
  Event: 'xpay_subscribe_ios_refund_query_notify';
  refund_time: string;
  order_time: string;
  channel_bill: string;
  bundleid: string;
  product_id: string;
  p_count: string;
  refund_request_reason: string;
  /** 0 not delivered, 1 delivered, 2 delivering. */
  provide_status: string;
  /** Our orderNo (what we passed as outTradeNo), per the forum's answer to which id this is. */
  pay_order_id: string;
}

/** 用户投诉推送. */
export interface XPayComplaintNotify extends PushHeader {
  Event: 'xpay_complaint_notify';
  OpenId: string;
  WxOrderId: string;
  MchOrderId: string;
  ComplaintTime: number;
  RetryTimes: number;
  RequestId: string;
}

export type XPayPushEvent =
  | { kind: 'goods_deliver'; payload: XPayGoodsDeliverNotify }
  | { kind: 'refund'; payload: XPayRefundNotify }
  | { kind: 'ios_refund_query'; payload: XPayIosRefundQueryNotify }
  | { kind: 'complaint'; payload: XPayComplaintNotify }
  /** Any other push on the shared channel (subscriptions, coin pay, debug_demo…): ack, act on nothing. */
  | { kind: 'other'; event: string; payload: Record<string, unknown> };

type Obj = Record<string, unknown>;

function str(o: Obj, key: string, required = true): string {
  const v = o[key];
  if (typeof v === 'string') return v;
  if (v === undefined && !required) return '';
  throw new XPayPushRejected('malformed', `${key} must be a string`);
}

/** Documented numbers; a digit string is accepted too (the iOS event sends numbers as strings). */
function int(o: Obj, key: string, required = true): number {
  const v = o[key];
  const n = typeof v === 'string' && /^-?\d{1,15}$/.test(v) ? Number(v) : v;
  if (typeof n === 'number' && Number.isSafeInteger(n)) return n;
  if (v === undefined && !required) return 0;
  throw new XPayPushRejected('malformed', `${key} must be an integer`);
}

function obj(o: Obj, key: string, required = true): Obj | undefined {
  const v = o[key];
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as Obj;
  if (v === undefined && !required) return undefined;
  throw new XPayPushRejected('malformed', `${key} must be an object`);
}

function header(o: Obj): PushHeader {
  return {
    ToUserName: str(o, 'ToUserName', false),
    FromUserName: str(o, 'FromUserName', false),
    CreateTime: int(o, 'CreateTime', false),
    MsgType: str(o, 'MsgType', false),
  };
}

/**
 * Types a decoded push. Also the entry for pushes CloudBase routes to a cloud function: there the
 * platform has already verified and decrypted them and the function receives this object as `event`
 * (then the caller must still check SOURCE, since any user can call a function with any event).
 */
export function parsePushMessage(o: Obj): XPayPushEvent {
  const event = o.Event;
  if (typeof event !== 'string' || !event) throw new XPayPushRejected('malformed', 'no Event');
  switch (event) {
    case 'xpay_goods_deliver_notify': {
      const env = int(o, 'Env');
      if (env !== 0 && env !== 1) throw new XPayPushRejected('malformed', `Env ${env}`);
      const goods = obj(o, 'GoodsInfo')!;
      const pay = obj(o, 'WeChatPayInfo', false);
      const payload: XPayGoodsDeliverNotify = {
        ...header(o),
        Event: event,
        OpenId: str(o, 'OpenId'),
        OutTradeNo: str(o, 'OutTradeNo'),
        Env: env,
        GoodsInfo: {
          ProductId: str(goods, 'ProductId'),
          Quantity: int(goods, 'Quantity'),
          OrigPrice: int(goods, 'OrigPrice'),
          ActualPrice: int(goods, 'ActualPrice'),
          Attach: str(goods, 'Attach', false),
        },
      };
      if (pay)
        payload.WeChatPayInfo = {
          MchOrderNo: str(pay, 'MchOrderNo', false),
          TransactionId: str(pay, 'TransactionId'),
          PaidTime: int(pay, 'PaidTime', false),
        };
      if (!payload.OutTradeNo || !payload.OpenId || !payload.GoodsInfo.ProductId)
        throw new XPayPushRejected('malformed', 'empty OpenId, OutTradeNo or ProductId');
      return { kind: 'goods_deliver', payload };
    }
    case 'xpay_refund_notify': {
      const payload: XPayRefundNotify = {
        ...header(o),
        Event: event,
        OpenId: str(o, 'OpenId'),
        WxRefundId: str(o, 'WxRefundId', false),
        MchRefundId: str(o, 'MchRefundId'),
        WxOrderId: str(o, 'WxOrderId', false),
        MchOrderId: str(o, 'MchOrderId'),
        RefundFee: int(o, 'RefundFee'),
        RetCode: int(o, 'RetCode'),
        RetMsg: str(o, 'RetMsg', false),
        RefundStartTimestamp: int(o, 'RefundStartTimestamp', false),
        RefundSuccTimestamp: int(o, 'RefundSuccTimestamp', false),
        WxpayRefundTransactionId: str(o, 'WxpayRefundTransactionId', false),
        RetryTimes: int(o, 'RetryTimes', false),
      };
      if (!payload.MchOrderId || !payload.MchRefundId) throw new XPayPushRejected('malformed', 'empty MchOrderId or MchRefundId');
      return { kind: 'refund', payload };
    }
    case 'xpay_subscribe_ios_refund_query_notify': {
      const payload: XPayIosRefundQueryNotify = {
        ...header(o),
        Event: event,
        refund_time: str(o, 'refund_time', false),
        order_time: str(o, 'order_time', false),
        channel_bill: str(o, 'channel_bill', false),
        bundleid: str(o, 'bundleid', false),
        product_id: str(o, 'product_id', false),
        p_count: str(o, 'p_count', false),
        refund_request_reason: str(o, 'refund_request_reason', false),
        provide_status: str(o, 'provide_status', false),
        pay_order_id: str(o, 'pay_order_id'),
      };
      if (!payload.pay_order_id) throw new XPayPushRejected('malformed', 'empty pay_order_id');
      return { kind: 'ios_refund_query', payload };
    }
    case 'xpay_complaint_notify':
      return {
        kind: 'complaint',
        payload: {
          ...header(o),
          Event: event,
          OpenId: str(o, 'OpenId', false),
          WxOrderId: str(o, 'WxOrderId', false),
          MchOrderId: str(o, 'MchOrderId', false),
          ComplaintTime: int(o, 'ComplaintTime', false),
          RetryTimes: int(o, 'RetryTimes', false),
          RequestId: str(o, 'RequestId', false),
        },
      };
    default:
      return { kind: 'other', event, payload: o };
  }
}

// ---------------------------------------------------------------------------------------------
// The verifier

export interface PushVerifierConfig {
  /** MP 消息推送 令牌(Token). */
  token: string;
  /** Our mini program AppID: the one a safe-mode plaintext must end with. */
  appId: string;
  /** MP 消息推送 EncodingAESKey (43 characters); required for safe mode. */
  encodingAesKey?: string;
  /** Refuse plain-mode pushes (their signature does not cover the body). Default: true when a key is set. */
  requireEncryption?: boolean;
  maxBodyBytes?: number;
  maxJsonDepth?: number;
  /**
   * Optional freshness window on the URL timestamp. Off by default: the docs do not say whether the
   * 15 retries (up to ~24 h later) are signed afresh, and a window that rejects a genuine retry would
   * lose the delivery. Exactly-once settlement and query_order are the real replay defence.
   */
  maxSkewSec?: number;
}

/** The POST as it arrived: its URL query parameters and the body text exactly as sent. */
export interface RawPush {
  query: Record<string, string | undefined>;
  body: string;
}

export interface VerifiedPush {
  mode: 'plain' | 'safe';
  timestamp: string;
  nonce: string;
  event: XPayPushEvent;
}

/** The success reply. Plain mode: the documented ErrCode JSON. Safe mode: the bare `success`, which
 * the docs accept as ErrCode 0 and which needs no encryption (any other reply body would). */
export function ackBody(mode: 'plain' | 'safe'): string {
  return mode === 'safe' ? 'success' : JSON.stringify({ ErrCode: 0, ErrMsg: 'success' });
}

/** A non-zero ErrCode makes WeChat push again (up to 15 times): use it only for transient failures. */
export function retryBody(errMsg: string): string {
  return JSON.stringify({ ErrCode: 1, ErrMsg: errMsg.slice(0, 100) });
}

/** The answer to an iOS refund query: 0 suggest refunding, 1 refuse; `evidence` is required. */
export interface IosRefundAnswer {
  result_code: 0 | 1;
  result_info: string;
  evidence: string;
}

export function createPushVerifier(config: PushVerifierConfig) {
  if (!config.token) throw new XPayPushConfigError('message push Token is required');
  if (!config.appId) throw new XPayPushConfigError('AppID is required');
  const aesKey = config.encodingAesKey ? decodeEncodingAesKey(config.encodingAesKey) : undefined;
  const requireEncryption = config.requireEncryption ?? aesKey !== undefined;
  if (requireEncryption && !aesKey) throw new XPayPushConfigError('requireEncryption needs the EncodingAESKey');
  const limits = { maxBytes: config.maxBodyBytes, maxDepth: config.maxJsonDepth };

  function timestampAndNonce(query: RawPush['query'], now?: Date): { timestamp: string; nonce: string } {
    const { timestamp, nonce } = query;
    if (!timestamp || !/^\d{1,12}$/.test(timestamp) || !nonce || nonce.length > 64) {
      throw new XPayPushRejected('missing-params', 'timestamp and nonce are required');
    }
    if (config.maxSkewSec !== undefined && now && Math.abs(now.getTime() / 1000 - Number(timestamp)) > config.maxSkewSec) {
      throw new XPayPushRejected('stale', `timestamp ${timestamp} outside ±${config.maxSkewSec}s`);
    }
    return { timestamp, nonce };
  }

  return {
    /** The GET WeChat sends when the push URL is saved: echo `echostr` only if the signature holds. */
    verifyUrl(query: RawPush['query']): string {
      const { timestamp, nonce } = timestampAndNonce(query);
      if (!query.echostr) throw new XPayPushRejected('missing-params', 'echostr is required');
      if (!hexDigestEquals(urlSignature(config.token, timestamp, nonce), query.signature)) {
        throw new XPayPushRejected('bad-signature', 'signature mismatch');
      }
      return query.echostr;
    },

    verify(push: RawPush, now?: Date): VerifiedPush {
      if (typeof push.body !== 'string') throw new XPayPushRejected('malformed', 'body must be the raw text');
      const { timestamp, nonce } = timestampAndNonce(push.query, now);
      if (push.query.encrypt_type === 'aes') {
        if (!aesKey) throw new XPayPushRejected('encryption-required', 'safe-mode push but no EncodingAESKey configured');
        // 兼容模式 also carries plaintext fields next to Encrypt: only the decrypted copy is trusted.
        const envelope = parseJsonObject(push.body, limits);
        const encrypt = envelope.Encrypt;
        if (typeof encrypt !== 'string' || !encrypt) throw new XPayPushRejected('malformed', 'no Encrypt');
        if (!hexDigestEquals(messageSignature(config.token, timestamp, nonce, encrypt), push.query.msg_signature)) {
          throw new XPayPushRejected('bad-signature', 'msg_signature mismatch');
        }
        const message = decryptMessage(aesKey, encrypt, config.appId);
        return { mode: 'safe', timestamp, nonce, event: parsePushMessage(parseJsonObject(message, limits)) };
      }
      if (requireEncryption) throw new XPayPushRejected('encryption-required', 'plain-mode push refused');
      if (!hexDigestEquals(urlSignature(config.token, timestamp, nonce), push.query.signature)) {
        throw new XPayPushRejected('bad-signature', 'signature mismatch');
      }
      return { mode: 'plain', timestamp, nonce, event: parsePushMessage(parseJsonObject(push.body, limits)) };
    },

    /**
     * A reply whose content matters (the iOS refund answer) must be encrypted in safe mode:
     * { Encrypt, MsgSignature = sha1(sort(token, TimeStamp, Nonce, Encrypt)), TimeStamp, Nonce }.
     * Nonce echoes the push's nonce; TimeStamp is ours.
     */
    replyBody(mode: 'plain' | 'safe', content: string, nonce: string, now: Date, random16?: Buffer): string {
      if (mode === 'plain') return content;
      if (!aesKey) throw new XPayPushConfigError('safe-mode reply needs the EncodingAESKey');
      const timeStamp = Math.floor(now.getTime() / 1000);
      const encrypt = encryptMessage(aesKey, content, config.appId, random16);
      return JSON.stringify({
        Encrypt: encrypt,
        MsgSignature: messageSignature(config.token, String(timeStamp), nonce, encrypt),
        TimeStamp: timeStamp,
        Nonce: nonce,
      });
    },
  };
}

export type PushVerifier = ReturnType<typeof createPushVerifier>;
