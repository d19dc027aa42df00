/**
 * The payment platform, seen from the order domain. One adapter per provider:
 * `cloudpay` (cloud.cloudPay), `wechatpay-v3` (wechatpay-node-v3), `sandbox` (local).
 * Every amount is integer fen; every trade is keyed by our order_no (WeChat's out_trade_no).
 */
export type PaymentProvider = 'cloudpay' | 'wechatpay-v3' | 'sandbox';

export interface PrepayRequest {
  orderNo: string;
  description: string;
  amountFen: number;
  openid: string;
  clientIp?: string;
  expiresAt: Date;
}

export interface PrepayResult {
  /** Object handed to `wx.requestPayment` as is. */
  payment: Record<string, string>;
  cashierUrl?: string;
}

export type TradeState = 'SUCCESS' | 'NOTPAY' | 'CLOSED' | 'REFUND' | 'PAYERROR' | 'USERPAYING' | 'REVOKED' | 'NOT_FOUND';

/**
 * One trade as the platform reported it — in a notification or in the answer to a query — in
 * the port's words. Adapters build it; the domain never sees a provider's field names.
 * An absent amount or merchant means the platform's reply did not say (query replies may omit them).
 */
export interface ReportedTrade {
  state: TradeState;
  transactionId?: string;
  amountFen?: number;
  merchantId?: string;
  paidAt?: Date;
}

/** A payment notification about one trade. */
export interface TradeNotification {
  kind: 'trade';
  /** Whose notification format this is (the sandbox cashier speaks cloud pay's). */
  provider: PaymentProvider;
  orderNo: string;
  trade: ReportedTrade;
  /**
   * True when the notification proves itself (API v3: signature over the raw body). False when
   * only its sender is known (cloud pay's SOURCE): then the platform is asked before settling.
   */
  proven: boolean;
  /** The platform's own result words (kept in payment_events.detail when the trade is not paid). */
  platformResult: string;
}

/** The outcome of a refund, as a refund-result notification reports it. */
export interface RefundNotification {
  kind: 'refund';
  provider: PaymentProvider;
  orderNo?: string;
  outRefundNo?: string;
  refundId?: string;
  refundFen?: number;
  /** The platform's refund status word (SUCCESS, CHANGE, REFUNDCLOSE…), UNKNOWN when absent. */
  status: string;
  /** The money did not move: the refund row is marked failed for staff to see. */
  failed: boolean;
}

/** A notification from a trusted sender that cannot be read; what could be read is kept. */
export interface MalformedNotification {
  kind: 'malformed';
  provider: PaymentProvider;
  /** Which fields were missing or invalid. */
  detail: string;
  orderNo?: string;
  transactionId?: string;
  amountFen?: number;
}

/** Every notification, normalised by its adapter before the domain sees it. */
export type PaymentNotification = TradeNotification | RefundNotification | MalformedNotification;

export interface RefundRequest {
  orderNo: string;
  /** Stable per order: the platform refunds one out_refund_no once, however often it is sent. */
  outRefundNo: string;
  totalFen: number;
  refundFen: number;
  reason: string;
}

export interface RefundResult {
  accepted: boolean;
  refundId?: string;
  /** The platform's words when it refused (safe to store, never shown to learners). */
  detail?: string;
}

/** An HTTP notification as it arrived: headers (any case) and the body exactly as sent. */
export interface RawNotification {
  headers: Record<string, string | undefined>;
  body: string;
}

export type NotificationRejection = 'headers' | 'stale' | 'signature' | 'decrypt' | 'malformed';

/** Thrown by `verifyNotification`; the reason goes into payment_events, never to the caller. */
export class NotificationRejected extends Error {
  constructor(
    readonly reason: NotificationRejection,
    detail: string,
  ) {
    super(detail);
    this.name = 'NotificationRejected';
  }
}

/** A platform call that failed (network, FAIL codes): transient — the caller retries later. */
export class GatewayError extends Error {
  constructor(
    readonly api: string,
    detail: string,
  ) {
    super(`${api}: ${detail}`);
    this.name = 'GatewayError';
  }
}

export interface PaymentGateway {
  readonly provider: PaymentProvider;
  /** The merchant id a genuine notification must carry. */
  readonly merchantId: string;
  prepay(req: PrepayRequest): Promise<PrepayResult>;
  query(orderNo: string): Promise<ReportedTrade>;
  /** Resolves 'closed', or 'paid' when the platform says the trade was paid meanwhile. */
  close(orderNo: string): Promise<'closed' | 'paid'>;
  refund(req: RefundRequest): Promise<RefundResult>;
  /**
   * Cloud pay (and the sandbox cashier, which plays it) calls pay-notify directly with
   * SOURCE=wx_paycallback: reads that callback event. Providers that do not call back this way
   * (API v3) do not implement it.
   */
  readCallback?(event: Record<string, unknown>): PaymentNotification;
  /**
   * Providers that notify over HTTP (API v3) prove the origin by signature: verify it on the raw
   * body, check freshness against `now`, decrypt the resource and read it. Throws
   * NotificationRejected when the notification cannot be trusted.
   */
  verifyNotification?(req: RawNotification, now: Date): Promise<PaymentNotification>;
  /**
   * The lowest amount this payment path accepts for an item whose list price is `listFen`
   * (小程序虚拟支付: a 道具 sells at no less than 40 % of its goodsPrice). The price rule applies
   * it as its floor (`pricing/price.policy.ts`); paths without one accept anything from 1 fen.
   */
  minAmountFen?(listFen: number): number;
}
