import {
  GatewayError,
  type PaymentGateway,
  type Payer,
  type PrepayRequest,
  type PrepayResult,
  type RawPush,
  type ReadPush,
  type RefundRequest,
  type RefundResult,
  type ReportedTrade,
} from '../../ports/payment-gateway';
import {
  createXPayApi,
  tradeStateOf,
  XPAY_ERRCODE,
  XPAY_ORDER_STATUS,
  type XPayApi,
  type XPayOrder,
  type XPayTransport,
} from './xpay/xpay-api';
import { readXPayPush, toRejection } from './xpay/xpay-notification';
import { createPushVerifier, XPayPushRejected, type PushVerifier } from './xpay/xpay-push';
import { signVirtualPayment, type XPayAppKeys, type XPayEnv } from './xpay/xpay-sign';

/** What config.ts reads for 小程序虚拟支付 (XPAY_* and WX_* variables). */
export interface XPaySettings {
  /** The mini program AppID (safe-mode pushes end with it). */
  appId: string;
  /** MP → 虚拟支付 → 基础配置 → OfferId. */
  offerId: string;
  /** 0 live (现网), 1 sandbox (沙箱). */
  env: XPayEnv;
  appKeys: XPayAppKeys;
  /** MP 消息推送 Token and EncodingAESKey (安全模式); pushes without encryption are refused when the key is set. */
  pushToken: string;
  pushEncodingAesKey?: string;
}

export interface XPayGatewayOptions {
  api: XPayApi;
  /** How long refund() polls query_order for the refund's outcome before leaving it to xpay_refund_notify. */
  refundPoll?: { attempts: number; intervalMs: number };
  sleep?: (ms: number) => Promise<void>;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** query_order's view of a pay order in the port's words (its amount is what was paid). */
export function reportedTradeOf(order: XPayOrder): ReportedTrade {
  return {
    state: tradeStateOf(order),
    transactionId: order.wxpay_order_id || undefined,
    amountFen: order.paid_fee > 0 ? order.paid_fee : undefined,
    paidAt: order.paid_time > 0 ? new Date(order.paid_time * 1000) : undefined,
  };
}

const needPayer = (api: string, payer: Payer | undefined): Payer => {
  if (!payer?.openid) throw new GatewayError(api, 'the payer openid is required');
  return payer;
};

/**
 * The live 小程序虚拟支付 adapter. The server does not create the trade: prepay only builds and
 * signs `signData`, and the mini program's `wx.requestVirtualPayment` creates it. The platform
 * reports payment through the message push (`verifyPush`), checked against query_order when the
 * push does not prove itself. docs/wechat-virtual-payment.md.
 */
export function createXPayGateway(settings: XPaySettings, options: XPayGatewayOptions): PaymentGateway {
  const { api } = options;
  const poll = options.refundPoll ?? { attempts: 3, intervalMs: 1000 };
  const sleep = options.sleep ?? sleepFor;
  let verifier: PushVerifier | undefined;
  const pushVerifier = () =>
    (verifier ??= createPushVerifier({
      token: settings.pushToken,
      appId: settings.appId,
      encodingAesKey: settings.pushEncodingAesKey || undefined,
    }));

  async function queryPayOrder(orderNo: string, payer: Payer): Promise<XPayOrder | null> {
    const out = await api.queryOrder(payer.openid, { orderId: orderNo });
    if (out.ok) return out.data;
    // 268490002 also means "数据不存在": the learner never opened the cashier for this order.
    if (out.kind === 'platform' && out.errcode === XPAY_ERRCODE.PARAM) return null;
    throw new GatewayError('query_order', out.kind === 'platform' ? `${out.errcode} ${out.errmsg}` : out.detail);
  }

  return {
    provider: 'xpay',
    // Virtual-payment pushes carry no merchant id; the 道具, the amount and the env are checked instead.
    merchantId: settings.offerId,

    async prepay(req: PrepayRequest): Promise<PrepayResult> {
      if (!req.productId) throw new GatewayError('prepay', 'the item has no 道具 productId');
      if (!req.sessionKey) throw new GatewayError('prepay', 'no session_key for this learner');
      const discounted = req.listPriceFen !== undefined && req.listPriceFen !== req.amountFen;
      const params = signVirtualPayment({
        offerId: settings.offerId,
        env: settings.env,
        productId: req.productId,
        amountFen: discounted ? req.listPriceFen! : req.amountFen,
        activitySellingPrice: discounted ? req.amountFen : undefined,
        orderNo: req.orderNo,
        appKeys: settings.appKeys,
        sessionKey: req.sessionKey,
      });
      return { payment: { ...params } };
    },

    async query(orderNo, payer) {
      const order = await queryPayOrder(orderNo, needPayer('query_order', payer));
      return order ? reportedTradeOf(order) : { state: 'NOT_FOUND' };
    },

    // There is no close API: the client creates the trade, and a closed order's number is never signed again.
    async close(orderNo, payer) {
      if (!payer) return 'closed';
      const order = await queryPayOrder(orderNo, payer);
      const state = order ? tradeStateOf(order) : 'NOT_FOUND';
      return state === 'SUCCESS' || state === 'REFUND' ? 'paid' : 'closed';
    },

    /**
     * refund_order starts a task: the refund no is stable per order, so a retried refund is the same
     * task (268490004 duplicate is read as started). Polls query_order on the refund order for a
     * moment; a refund still running is accepted and its end arrives as xpay_refund_notify (a failure
     * marks the refund row failed). Apple (iOS) orders cannot be refunded by the developer.
     */
    async refund(req: RefundRequest): Promise<RefundResult> {
      const payer = needPayer('refund_order', req.openid ? { openid: req.openid } : undefined);
      const order = await queryPayOrder(req.orderNo, payer);
      if (!order || tradeStateOf(order) === 'NOTPAY') return { accepted: false, detail: 'TRADE_NOT_PAID' };
      if (order.left_fee <= 0) return { accepted: true, detail: 'ALREADY_REFUNDED' };
      const started = await api.refundOrder({
        openid: payer.openid,
        order: { orderId: req.orderNo },
        refundOrderId: req.outRefundNo,
        leftFee: order.left_fee,
        refundFee: Math.min(req.refundFen, order.left_fee),
        bizMeta: req.reason.slice(0, 200),
        refundReason: '5',
        reqFrom: '1',
      });
      if (!started.ok) {
        if (started.kind === 'transport') throw new GatewayError('refund_order', started.detail);
        const sameTask = started.errcode === XPAY_ERRCODE.DUPLICATE || started.errcode === XPAY_ERRCODE.REFUND_IN_PROGRESS;
        if (!sameTask) return { accepted: false, detail: `${started.errcode} ${started.errmsg}` };
      }
      for (let i = 0; i < poll.attempts; i++) {
        await sleep(poll.intervalMs);
        const refund = await api.queryOrder(payer.openid, { orderId: req.outRefundNo });
        if (!refund.ok) continue;
        if (refund.data.status === XPAY_ORDER_STATUS.REFUND_FAILED) return { accepted: false, detail: 'REFUND_FAILED' };
        if (refund.data.status === XPAY_ORDER_STATUS.USER_REFUNDED || refund.data.status === XPAY_ORDER_STATUS.REFUNDED) {
          return { accepted: true, refundId: refund.data.wx_order_id || undefined };
        }
      }
      return {
        accepted: true,
        refundId: started.ok ? started.data.refund_wx_order_id || undefined : undefined,
        detail: 'REFUND_PROCESSING',
      };
    },

    async markDelivered(orderNo) {
      const out = await api.notifyProvideGoods({ orderId: orderNo });
      if (!out.ok) throw new GatewayError('notify_provide_goods', out.kind === 'platform' ? `${out.errcode} ${out.errmsg}` : out.detail);
    },

    verifyPush(push: RawPush, now: Date): ReadPush {
      return readXPayPush('xpay', settings.env, pushVerifier(), push, now);
    },

    verifyPushUrl(query) {
      try {
        return pushVerifier().verifyUrl(query);
      } catch (err) {
        if (err instanceof XPayPushRejected) throw toRejection(err);
        throw err;
      }
    },
  };
}

/** The live adapter over the real API: stable access token, global fetch. */
export function createLiveXPayGateway(
  settings: XPaySettings,
  accessToken: () => Promise<string>,
  transport: XPayTransport = fetch,
): PaymentGateway {
  return createXPayGateway(settings, { api: createXPayApi({ transport, accessToken, appKeys: settings.appKeys, env: settings.env }) });
}
