import type { TradeState } from '../../../ports/payment-gateway';
import { appKeyForEnv, paySig, type XPayAppKeys, type XPayEnv } from './xpay-sign';

/**
 * A small typed client for the virtual-payment server APIs (api.weixin.qq.com/xpay/*) and for the
 * trade-management upload_shipping_info (a different endpoint family with different auth). The
 * transport and the access token are injected, so nothing here touches the network.
 * Sources: docs/wechat-virtual-payment.md.
 */

export const API_ORIGIN = 'https://api.weixin.qq.com';

/** The part of `fetch` this client uses; global `fetch` fits, and so does a test fake. */
export type XPayTransport = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string },
) => Promise<{ status: number; text(): Promise<string> }>;

export interface XPayApiOptions {
  transport: XPayTransport;
  /** The mini program's access_token (stable_token or cloud-provided); called once per request. */
  accessToken: () => Promise<string>;
  appKeys: XPayAppKeys;
  /** Which env this deployment trades in: 0 live, 1 sandbox. Picks both the body `env` and the AppKey. */
  env: XPayEnv;
  origin?: string;
}

/** query_order `order.status` (the virtual-payment doc's table). */
export const XPAY_ORDER_STATUS = {
  INIT: 0, // 订单初始化: not created, cannot be paid
  CREATED: 1, // 订单创建成功
  PAID: 2, // 订单已经支付，待发货
  DELIVERING: 3, // 订单发货中
  DELIVERED: 4, // 订单已发货
  REFUNDED: 5, // 订单已经退款
  CLOSED: 6, // 订单已经关闭（不可再使用）
  REFUND_FAILED: 7, // 订单退款失败
  USER_REFUNDED: 8, // 用户退款完成
  AD_FUNDS_RECOVERED: 9, // 回收广告金完成
  SPLIT_RETURNED: 10, // 分账回退完成
} as const;

/** The fields of query_order's `order` this project reads (the doc lists more; all are kept in `raw`). */
export interface XPayOrder {
  order_id: string;
  status: number;
  /** 0 pay order, 1 refund order. */
  order_type: number;
  order_fee: number;
  paid_fee: number;
  refund_fee: number;
  /** What is still refundable on a pay order: refund_order needs it as `left_fee`. */
  left_fee: number;
  paid_time: number;
  provide_time: number;
  biz_meta: string;
  /** Note: 1 live, 2 sandbox here, unlike the request's `env` (0 / 1). */
  env_type: number;
  wx_order_id: string;
  channel_order_id: string;
  wxpay_order_id: string;
  sett_state: number;
  raw: Record<string, unknown>;
}

/** How the port sees an xpay order (the port's TradeState; refund states are the refund's end). */
export function tradeStateOf(order: Pick<XPayOrder, 'status'>): TradeState {
  switch (order.status) {
    case XPAY_ORDER_STATUS.PAID:
    case XPAY_ORDER_STATUS.DELIVERING:
    case XPAY_ORDER_STATUS.DELIVERED:
    case XPAY_ORDER_STATUS.REFUND_FAILED: // the money is still ours: the refund did not happen
      return 'SUCCESS';
    case XPAY_ORDER_STATUS.REFUNDED:
    case XPAY_ORDER_STATUS.USER_REFUNDED:
      return 'REFUND';
    case XPAY_ORDER_STATUS.CLOSED:
      return 'CLOSED';
    default:
      return 'NOTPAY';
  }
}

/** Server-API errcodes with a meaning for the caller (virtual-payment doc 错误码, plus the common ones). */
export const XPAY_ERRCODE = {
  SYSTEM: -1,
  ACCESS_TOKEN_INVALID: 40001,
  ACCESS_TOKEN_EXPIRED: 42001,
  OPENID: 268490001,
  /** Bad request field; also "数据不存在" for an order the platform does not know. */
  PARAM: 268490002,
  SIGNATURE: 268490003,
  DUPLICATE: 268490004,
  SESSION_KEY_EXPIRED: 268490009,
  DATA_GENERATING: 268490011,
  REFUND_VERIFIED_ORDER: 268490013,
  /** Refund still running: retry later with the same parameters. */
  REFUND_IN_PROGRESS: 268490014,
  RATE_LIMITED: 268490015,
  /** left_fee does not match: query_order again and use its left_fee. */
  LEFT_FEE_MISMATCH: 268490016,
} as const;

const RETRYABLE = new Set<number>([
  XPAY_ERRCODE.SYSTEM,
  XPAY_ERRCODE.ACCESS_TOKEN_INVALID,
  XPAY_ERRCODE.ACCESS_TOKEN_EXPIRED,
  XPAY_ERRCODE.DATA_GENERATING,
  XPAY_ERRCODE.REFUND_IN_PROGRESS,
  XPAY_ERRCODE.RATE_LIMITED,
]);

export type XPayApiFailure =
  /** Network error, non-2xx or a reply that is not JSON: always worth retrying later. */
  | { ok: false; kind: 'transport'; api: string; detail: string; retryable: true }
  /** WeChat answered with errcode ≠ 0. */
  | { ok: false; kind: 'platform'; api: string; errcode: number; errmsg: string; retryable: boolean };

export type XPayApiResult<T> = { ok: true; data: T } | XPayApiFailure;

export class XPayRequestError extends Error {
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`${field}: ${detail}`);
    this.name = 'XPayRequestError';
  }
}

/** Exactly one of our order no (order_id) or WeChat's (wx_order_id): the forum reports that sending
 * both makes query_order answer 268490002 "数据不存在". */
export type OrderRef = { orderId: string; wxOrderId?: never } | { wxOrderId: string; orderId?: never };

function orderRef(ref: OrderRef): { order_id: string } | { wx_order_id: string } {
  if (ref.orderId !== undefined && ref.wxOrderId === undefined && ref.orderId) return { order_id: ref.orderId };
  if (ref.wxOrderId !== undefined && ref.orderId === undefined && ref.wxOrderId) return { wx_order_id: ref.wxOrderId };
  throw new XPayRequestError('order', 'give exactly one of orderId or wxOrderId');
}

/** refund_order `refund_reason`: 0 暂无描述, 1 产品问题, 2 售后问题, 3 意愿问题(用户主动退款), 4 价格问题, 5 其他原因. */
export type RefundReason = '0' | '1' | '2' | '3' | '4' | '5';
/** refund_order `req_from`: 1 人工客服退款, 2 用户自己发起退款流程, 3 其它. */
export type RefundSource = '1' | '2' | '3';

export interface RefundOrderRequest {
  openid: string;
  order: OrderRef;
  /** Our refund no, stable per refund: [8,32] of letters, digits, '_' and '-'. */
  refundOrderId: string;
  /** What query_order says is still refundable. */
  leftFee: number;
  refundFee: number;
  /** Returned as is by query_order on the refund order; [0,1024]. */
  bizMeta?: string;
  refundReason: RefundReason;
  reqFrom: RefundSource;
}

export interface RefundOrderStarted {
  refund_order_id: string;
  refund_wx_order_id: string;
  pay_order_id: string;
  pay_wx_order_id: string;
}

export interface ShippingInfoRequest {
  /** The WeChat Pay transaction (order_number_type 2): the settlement's transactionId. */
  transactionId: string;
  openid: string;
  /** ≤ 120 characters, shown to the learner ("《专栏》 · 1"). */
  itemDesc: string;
  /** Orders requests for the same transaction: a later update must carry a later time. */
  uploadTime: Date;
}

const REFUND_ORDER_ID = /^[0-9A-Za-z_-]{8,32}$/;

/** RFC 3339 with milliseconds in Beijing time, the form upload_time's example uses. */
export function rfc3339Beijing(date: Date): string {
  return new Date(date.getTime() + 8 * 3600_000).toISOString().replace(/Z$/, '+08:00');
}

const asStr = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const asInt = (v: unknown): number =>
  typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : 0;

function toOrder(raw: Record<string, unknown>): XPayOrder {
  return {
    order_id: asStr(raw.order_id),
    status: asInt(raw.status),
    order_type: asInt(raw.order_type),
    order_fee: asInt(raw.order_fee),
    paid_fee: asInt(raw.paid_fee),
    refund_fee: asInt(raw.refund_fee),
    left_fee: asInt(raw.left_fee),
    paid_time: asInt(raw.paid_time),
    provide_time: asInt(raw.provide_time),
    biz_meta: asStr(raw.biz_meta),
    env_type: asInt(raw.env_type),
    wx_order_id: asStr(raw.wx_order_id),
    channel_order_id: asStr(raw.channel_order_id),
    wxpay_order_id: asStr(raw.wxpay_order_id),
    sett_state: asInt(raw.sett_state),
    raw,
  };
}

export function createXPayApi(options: XPayApiOptions) {
  const origin = options.origin ?? API_ORIGIN;
  const env = options.env;

  /**
   * POSTs `body` serialised once: that very string is signed and sent (pay_sig covers it byte for
   * byte). `signed` false is for endpoints outside /xpay that take only the access_token.
   */
  async function post(path: string, body: Record<string, unknown>, signed: boolean): Promise<XPayApiResult<Record<string, unknown>>> {
    const api = path.slice(path.lastIndexOf('/') + 1);
    const text = JSON.stringify(body);
    let url: string;
    let reply: { status: number; text(): Promise<string> };
    try {
      const token = await options.accessToken();
      url = `${origin}${path}?access_token=${encodeURIComponent(token)}`;
      if (signed) url += `&pay_sig=${paySig(appKeyForEnv(options.appKeys, env), path, text)}`;
      reply = await options.transport(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: text });
    } catch (err) {
      return { ok: false, kind: 'transport', api, detail: String((err as Error)?.message ?? err).slice(0, 200), retryable: true };
    }
    const replyText = await reply.text().catch(() => '');
    if (reply.status < 200 || reply.status >= 300) {
      return { ok: false, kind: 'transport', api, detail: `HTTP ${reply.status} ${replyText.slice(0, 150)}`, retryable: true };
    }
    let data: unknown;
    try {
      data = JSON.parse(replyText);
    } catch {
      return { ok: false, kind: 'transport', api, detail: `not JSON: ${replyText.slice(0, 150)}`, retryable: true };
    }
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      return { ok: false, kind: 'transport', api, detail: 'reply is not a JSON object', retryable: true };
    }
    const record = data as Record<string, unknown>;
    // Some WeChat APIs omit errcode on success; a present non-zero errcode is a failure.
    const errcode = record.errcode === undefined ? 0 : asInt(record.errcode);
    if (errcode !== 0) {
      return { ok: false, kind: 'platform', api, errcode, errmsg: asStr(record.errmsg).slice(0, 200), retryable: RETRYABLE.has(errcode) };
    }
    return { ok: true, data: record };
  }

  return {
    env,

    /** The order (pay or refund order) as the platform sees it; the truth every push is checked against. */
    async queryOrder(openid: string, ref: OrderRef): Promise<XPayApiResult<XPayOrder>> {
      if (!openid) throw new XPayRequestError('openid', 'required');
      const out = await post('/xpay/query_order', { openid, env, ...orderRef(ref) }, true);
      if (!out.ok) return out;
      const order = out.data.order;
      if (order === null || typeof order !== 'object' || Array.isArray(order)) {
        return { ok: false, kind: 'transport', api: 'query_order', detail: 'reply has no order', retryable: true };
      }
      return { ok: true, data: toOrder(order as Record<string, unknown>) };
    },

    /**
     * Starts a refund task; success only means started. Poll queryOrder on the refund order
     * ({ orderId: refundOrderId }) or wait for xpay_refund_notify. Apple (iOS) orders cannot be
     * refunded by the developer; the learner asks the App Store.
     */
    async refundOrder(req: RefundOrderRequest): Promise<XPayApiResult<RefundOrderStarted>> {
      if (!req.openid) throw new XPayRequestError('openid', 'required');
      if (!REFUND_ORDER_ID.test(req.refundOrderId)) throw new XPayRequestError('refund_order_id', 'must be 8–32 of [0-9A-Za-z_-]');
      if (!Number.isSafeInteger(req.leftFee) || req.leftFee <= 0)
        throw new XPayRequestError('left_fee', 'must be a positive integer (query_order left_fee)');
      if (!Number.isSafeInteger(req.refundFee) || req.refundFee <= 0 || req.refundFee > req.leftFee) {
        throw new XPayRequestError('refund_fee', 'must be in (0, left_fee]');
      }
      const bizMeta = req.bizMeta ?? '';
      if (bizMeta.length > 1024) throw new XPayRequestError('biz_meta', 'at most 1024 characters');
      if (!/^[0-5]$/.test(req.refundReason)) throw new XPayRequestError('refund_reason', 'one of 0–5');
      if (!/^[1-3]$/.test(req.reqFrom)) throw new XPayRequestError('req_from', 'one of 1–3');
      const out = await post(
        '/xpay/refund_order',
        {
          openid: req.openid,
          ...orderRef(req.order),
          refund_order_id: req.refundOrderId,
          left_fee: req.leftFee,
          refund_fee: req.refundFee,
          biz_meta: bizMeta,
          // Typed `string` in the doc's table, so sent as strings.
          refund_reason: req.refundReason,
          req_from: req.reqFrom,
          env,
        },
        true,
      );
      if (!out.ok) return out;
      return {
        ok: true,
        data: {
          refund_order_id: asStr(out.data.refund_order_id),
          refund_wx_order_id: asStr(out.data.refund_wx_order_id),
          pay_order_id: asStr(out.data.pay_order_id),
          pay_wx_order_id: asStr(out.data.pay_wx_order_id),
        },
      };
    },

    /**
     * Marks a paid order delivered when the delivery push could not be answered (the push itself,
     * acked, is the normal way). The per-API page lists only access_token; the virtual-payment
     * page's address carries pay_sig too — it is sent, as an extra query parameter costs nothing.
     */
    async notifyProvideGoods(ref: OrderRef): Promise<XPayApiResult<Record<string, never>>> {
      const out = await post('/xpay/notify_provide_goods', { ...orderRef(ref), env }, true);
      return out.ok ? { ok: true, data: {} } : out;
    },

    /**
     * 发货信息管理: for trade-managed mini programs, WeChat Pay funds stay frozen until shipping
     * info is uploaded. Virtual goods: logistics_type 3, one unified delivery, one shipping_list
     * entry with only item_desc (no tracking number). Authenticated by access_token alone.
     */
    async uploadShippingInfo(req: ShippingInfoRequest): Promise<XPayApiResult<Record<string, never>>> {
      if (!req.transactionId) throw new XPayRequestError('transaction_id', 'required');
      if (!req.openid) throw new XPayRequestError('payer.openid', 'required');
      const itemDesc = [...req.itemDesc].slice(0, 120).join('');
      if (!itemDesc) throw new XPayRequestError('item_desc', 'required');
      const out = await post(
        '/wxa/sec/order/upload_shipping_info',
        {
          order_key: { order_number_type: 2, transaction_id: req.transactionId },
          logistics_type: 3,
          delivery_mode: 1,
          shipping_list: [{ item_desc: itemDesc }],
          upload_time: rfc3339Beijing(req.uploadTime),
          payer: { openid: req.openid },
        },
        false,
      );
      return out.ok ? { ok: true, data: {} } : out;
    },
  };
}

export type XPayApi = ReturnType<typeof createXPayApi>;
