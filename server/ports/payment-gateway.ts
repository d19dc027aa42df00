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

export interface TradeQueryResult {
  state: TradeState;
  transactionId?: string;
  amountFen?: number;
  merchantId?: string;
  paidAt?: Date;
}

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

/** A notification whose origin was proven (signature) and whose resource was decrypted. */
export interface VerifiedPayment {
  orderNo: string;
  transactionId: string;
  state: TradeState;
  amountFen: number;
  merchantId: string;
  paidAt?: Date;
}

export type NotificationRejection = 'headers' | 'stale' | 'signature' | 'decrypt' | 'malformed';

/** Thrown by `verifyNotification`; the reason goes into payment_events, never to the caller. */
export class NotificationRejected extends Error {
  constructor(readonly reason: NotificationRejection, detail: string) {
    super(detail);
    this.name = 'NotificationRejected';
  }
}

/** A platform call that failed (network, FAIL codes): transient — the caller retries later. */
export class GatewayError extends Error {
  constructor(readonly api: string, detail: string) {
    super(`${api}: ${detail}`);
    this.name = 'GatewayError';
  }
}

export interface PaymentGateway {
  readonly provider: PaymentProvider;
  /** The merchant id a genuine notification must carry. */
  readonly merchantId: string;
  prepay(req: PrepayRequest): Promise<PrepayResult>;
  query(orderNo: string): Promise<TradeQueryResult>;
  /** Resolves 'closed', or 'paid' when the platform says the trade was paid meanwhile. */
  close(orderNo: string): Promise<'closed' | 'paid'>;
  refund(req: RefundRequest): Promise<RefundResult>;
  /**
   * Providers that notify over HTTP (API v3) prove the origin by signature: verify it on the raw
   * body, check freshness against `now`, and decrypt the resource. Cloud pay and the sandbox
   * call pay-notify directly (SOURCE=wx_paycallback) and do not implement this.
   */
  verifyNotification?(req: RawNotification, now: Date): Promise<VerifiedPayment>;
}
