import crypto from 'node:crypto';
import {
  GatewayError,
  NotificationRejected,
  type PaymentGateway,
  type PrepayRequest,
  type PrepayResult,
  type RawNotification,
  type RefundRequest,
  type RefundResult,
  type ReportedTrade,
  type TradeNotification,
} from '../../ports/payment-gateway';
import { tradeStateOf } from './wechat-time';

/** WeChat Pay rejects notifications (and we reject them) outside this window (API v3 docs). */
export const MAX_CLOCK_SKEW_SEC = 300;
const PUBLIC_KEY_ID_PREFIX = 'PUB_KEY_ID_';

/** The merchant's API v3 settings, as config.ts reads them from WECHATPAY_* variables. PEM strings. */
export interface WechatPayV3Settings {
  appId: string;
  mchId: string;
  merchantCertPem: string;
  merchantKeyPem: string;
  apiV3Key: string;
  notifyUrl: string;
  /** Platform certificate (older merchants); its serial is read from the certificate. */
  platformCertPem: string;
  /** The newer "WeChat Pay public key" and its id `PUB_KEY_ID_…`. */
  publicKeyPem: string;
  publicKeyId: string;
}

interface Output {
  status: number;
  data?: any;
  error?: any;
}

/** The part of wechatpay-node-v3's `Pay` this adapter uses (its real method names and shapes). */
export interface WxPayClient {
  transactions_jsapi(params: {
    description: string;
    out_trade_no: string;
    notify_url: string;
    time_expire?: string;
    amount: { total: number; currency?: string };
    payer: { openid: string };
  }): Promise<Output>;
  query(params: { out_trade_no: string }): Promise<Output>;
  close(outTradeNo: string): Promise<Output>;
  refunds(params: {
    out_trade_no: string;
    out_refund_no: string;
    reason?: string;
    amount: { refund: number; total: number; currency: string };
  }): Promise<Output>;
  verifySign(params: {
    timestamp: string;
    nonce: string;
    body: string;
    serial: string;
    signature: string;
    apiSecret?: string;
  }): Promise<boolean>;
}

export function loadWxPayClient(s: WechatPayV3Settings): WxPayClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const WxPay = require('wechatpay-node-v3') as typeof import('wechatpay-node-v3');
  return new WxPay({
    appid: s.appId,
    mchid: s.mchId,
    publicKey: Buffer.from(s.merchantCertPem),
    privateKey: Buffer.from(s.merchantKeyPem),
    key: s.apiV3Key,
  }) as unknown as WxPayClient;
}

/** RFC 3339 in Beijing time, the form v3 `time_expire` documents. */
function rfc3339Beijing(date: Date): string {
  return new Date(date.getTime() + 8 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+08:00');
}

function describe(out: Output): string {
  const err = out.error ?? out.data;
  const text = typeof err === 'string' ? err : JSON.stringify(err ?? {});
  return `HTTP ${out.status} ${text}`.slice(0, 200);
}

/**
 * AEAD_AES_256_GCM, as the v3 notification spec defines it. Written here rather than using the
 * package's `decipher_gcm` because that one never calls `final()`, so it does not check the
 * authentication tag and would accept a tampered ciphertext.
 */
export function decryptResource(resource: { ciphertext: string; associated_data?: string; nonce: string }, apiV3Key: string): string {
  const raw = Buffer.from(resource.ciphertext, 'base64');
  if (raw.length <= 16) throw new Error('ciphertext too short');
  const decipher = crypto.createDecipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(resource.nonce, 'utf8'));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
  return Buffer.concat([decipher.update(raw.subarray(0, raw.length - 16)), decipher.final()]).toString('utf8');
}

function header(headers: Record<string, string | undefined>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

/** Merchants with their own API v3 keys (WeChat Pay direct, not through CloudBase). */
export function createWechatPayV3Gateway(
  settings: WechatPayV3Settings,
  loadClient: (s: WechatPayV3Settings) => WxPayClient = loadWxPayClient,
): PaymentGateway {
  for (const [name, value] of [
    ['WECHATPAY_APPID', settings.appId],
    ['WECHATPAY_MCHID', settings.mchId],
    ['WECHATPAY_API_V3_KEY', settings.apiV3Key],
    ['WECHATPAY_NOTIFY_URL', settings.notifyUrl],
  ] as const) {
    if (!value) throw new Error(`${name} is required for PAY_PROVIDER=wechatpay-v3`);
  }
  if (Buffer.byteLength(settings.apiV3Key) !== 32) throw new Error('WECHATPAY_API_V3_KEY must be 32 bytes');
  let client: WxPayClient | undefined;
  const pay = () => (client ??= loadClient(settings));
  const platformCert = settings.platformCertPem ? new crypto.X509Certificate(settings.platformCertPem) : null;
  const wechatPublicKey = settings.publicKeyPem ? crypto.createPublicKey(settings.publicKeyPem) : null;

  async function verifySignature(message: string, serial: string, signature: string, timestamp: string, nonce: string, body: string) {
    const sig = Buffer.from(signature, 'base64');
    if (serial.startsWith(PUBLIC_KEY_ID_PREFIX)) {
      // The package only knows platform certificates; the newer public key is checked here.
      if (!wechatPublicKey || serial !== settings.publicKeyId) return false;
      return crypto.verify('RSA-SHA256', Buffer.from(message), wechatPublicKey, sig);
    }
    if (platformCert && platformCert.serialNumber.toUpperCase() === serial.toUpperCase()) {
      return crypto.verify('RSA-SHA256', Buffer.from(message), platformCert.publicKey, sig);
    }
    // A serial we were not given: let the package download the platform certificates and check.
    try {
      return await pay().verifySign({ timestamp, nonce, body, serial, signature, apiSecret: settings.apiV3Key });
    } catch {
      return false;
    }
  }

  async function query(orderNo: string): Promise<ReportedTrade> {
    const out = await pay().query({ out_trade_no: orderNo });
    if (out.status === 404) return { state: 'NOT_FOUND' };
    if (out.status !== 200 || !out.data) throw new GatewayError('query', describe(out));
    return {
      state: tradeStateOf(out.data.trade_state),
      transactionId: out.data.transaction_id || undefined,
      amountFen: out.data.amount?.total,
      merchantId: out.data.mchid,
      paidAt: out.data.success_time ? new Date(out.data.success_time) : undefined,
    };
  }

  return {
    provider: 'wechatpay-v3',
    merchantId: settings.mchId,

    async prepay(req: PrepayRequest): Promise<PrepayResult> {
      const out = await pay().transactions_jsapi({
        description: [...req.description].slice(0, 127).join(''),
        out_trade_no: req.orderNo,
        notify_url: settings.notifyUrl,
        time_expire: rfc3339Beijing(req.expiresAt),
        amount: { total: req.amountFen, currency: 'CNY' },
        payer: { openid: req.openid },
      });
      if (out.status !== 200 || !out.data?.paySign) throw new GatewayError('transactions_jsapi', describe(out));
      return { payment: out.data };
    },

    query,

    async close(orderNo: string): Promise<'closed' | 'paid'> {
      const out = await pay().close(orderNo);
      if (out.status === 204 || out.status === 200) return 'closed';
      // Refused (e.g. ORDERPAID): the trade's own state says what happened.
      const state = (await query(orderNo)).state;
      if (state === 'SUCCESS' || state === 'REFUND') return 'paid';
      if (state === 'CLOSED' || state === 'NOT_FOUND' || state === 'REVOKED') return 'closed';
      throw new GatewayError('close', describe(out));
    },

    async refund(req: RefundRequest): Promise<RefundResult> {
      const out = await pay().refunds({
        out_trade_no: req.orderNo,
        out_refund_no: req.outRefundNo,
        reason: [...req.reason].slice(0, 80).join('') || undefined,
        amount: { refund: req.refundFen, total: req.totalFen, currency: 'CNY' },
      });
      if (out.status === 200) return { accepted: true, refundId: out.data?.refund_id };
      if (out.status >= 400 && out.status < 500) return { accepted: false, detail: describe(out) };
      throw new GatewayError('refunds', describe(out));
    },

    async verifyNotification(req: RawNotification, now: Date): Promise<TradeNotification> {
      const timestamp = header(req.headers, 'wechatpay-timestamp');
      const nonce = header(req.headers, 'wechatpay-nonce');
      const signature = header(req.headers, 'wechatpay-signature');
      const serial = header(req.headers, 'wechatpay-serial');
      if (!timestamp || !nonce || !signature || !serial || !/^\d{1,12}$/.test(timestamp)) {
        throw new NotificationRejected('headers', 'missing Wechatpay-* headers');
      }
      if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > MAX_CLOCK_SKEW_SEC) {
        throw new NotificationRejected('stale', `timestamp ${timestamp} outside ±${MAX_CLOCK_SKEW_SEC}s`);
      }
      // The signature covers the body byte for byte: never re-serialise a parsed body.
      const message = `${timestamp}\n${nonce}\n${req.body}\n`;
      if (!(await verifySignature(message, serial, signature, timestamp, nonce, req.body))) {
        throw new NotificationRejected('signature', `bad signature (serial ${serial.slice(0, 48)})`);
      }
      let plain: any;
      try {
        const envelope = JSON.parse(req.body);
        if (envelope?.resource?.algorithm !== 'AEAD_AES_256_GCM') throw new Error('unexpected algorithm');
        plain = JSON.parse(decryptResource(envelope.resource, settings.apiV3Key));
      } catch (err) {
        throw new NotificationRejected('decrypt', err instanceof Error ? err.message : 'decrypt failed');
      }
      if (typeof plain?.out_trade_no !== 'string' || typeof plain?.amount?.total !== 'number') {
        throw new NotificationRejected('malformed', 'resource lacks out_trade_no/amount');
      }
      const state = tradeStateOf(plain.trade_state);
      return {
        kind: 'trade',
        provider: 'wechatpay-v3',
        orderNo: plain.out_trade_no,
        // The signature over the raw body is the proof; the trade need not be queried again.
        proven: true,
        platformResult: state,
        trade: {
          state,
          transactionId: String(plain.transaction_id ?? ''),
          amountFen: plain.amount.total,
          // A notification without a merchant cannot match ours.
          merchantId: String(plain.mchid ?? ''),
          paidAt: plain.success_time ? new Date(plain.success_time) : undefined,
        },
      };
    },
  };
}
