/**
 * The payment platform, seen from the order domain. One adapter per provider:
 * `cloudpay` (cloud.cloudPay), `wechatpay-v3` (wechatpay-node-v3), `sandbox` (local).
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

export type TradeState = 'SUCCESS' | 'NOTPAY' | 'CLOSED' | 'REFUND' | 'PAYERROR' | 'USERPAYING' | 'NOT_FOUND';

export interface TradeQueryResult {
  state: TradeState;
  transactionId?: string;
  amountFen?: number;
  merchantId?: string;
  paidAt?: Date;
}

export interface RefundRequest {
  orderNo: string;
  outRefundNo: string;
  totalFen: number;
  refundFen: number;
  reason: string;
}

export interface PaymentGateway {
  readonly provider: PaymentProvider;
  /** The merchant id a genuine notification must carry. */
  readonly merchantId: string;
  prepay(req: PrepayRequest): Promise<PrepayResult>;
  query(orderNo: string): Promise<TradeQueryResult>;
  /** Resolves 'closed', or 'paid' when the platform says the trade was paid meanwhile. */
  close(orderNo: string): Promise<'closed' | 'paid'>;
  refund(req: RefundRequest): Promise<{ accepted: boolean; refundId?: string }>;
}
