import { z } from 'zod';
import type { PaymentNotification, RefundNotification } from '../../ports/payment-gateway';
import { parseBeijingCompact } from './wechat-time';

/** The cloud-pay callback as wx-server-sdk delivers it (camelCase, WECHAT-FACTS.md); unknown keys are kept. */
const CloudPayCallback = z.looseObject({
  returnCode: z.string(),
  resultCode: z.string(),
  outTradeNo: z.string().min(1).max(32),
  transactionId: z.string().min(1).max(64),
  // Numbers in the documented event; WeChat's v2 fields are strings underneath, so accept digits too.
  totalFee: z.union([
    z.number().int().min(0),
    z
      .string()
      .regex(/^\d{1,10}$/)
      .transform(Number),
  ]),
  subMchId: z.string().max(32),
  timeEnd: z.string().optional(),
});

/** The event cloud pay hands the callback function for a payment (WECHAT-FACTS.md: success only). */
export interface CloudPayCallbackEvent {
  returnCode: string;
  resultCode: string;
  appid: string;
  mchId: string;
  subAppid: string;
  subMchId: string;
  openid: string;
  subOpenid: string;
  tradeType: string;
  bankType: string;
  totalFee: number;
  cashFee: number;
  feeType: string;
  transactionId: string;
  outTradeNo: string;
  timeEnd: string;
  attach: string;
  [key: string]: unknown;
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
const fen = (value: unknown) => (typeof value === 'number' ? value : undefined);

/** unifiedOrder and refund both name pay-notify as their callback; refund results carry these keys. */
const isRefundResult = (event: Record<string, unknown>) => 'outRefundNo' in event || 'refundStatus' in event || 'reqInfo' in event;

function readRefundResult(event: Record<string, unknown>): RefundNotification {
  const status = text(event.refundStatus) ?? 'UNKNOWN';
  return {
    kind: 'refund',
    provider: 'cloudpay',
    orderNo: text(event.outTradeNo),
    outRefundNo: text(event.outRefundNo),
    refundId: text(event.refundId),
    refundFen: fen(event.refundFee),
    status,
    failed: status !== 'SUCCESS' && status !== 'UNKNOWN',
  };
}

/**
 * Reads a cloud-pay callback event (payment or refund result) into the port's notification.
 * Only its sender is known (SOURCE=wx_paycallback), so a payment is not `proven`.
 */
export function readCloudPayCallback(event: Record<string, unknown>): PaymentNotification {
  if (isRefundResult(event)) return readRefundResult(event);
  const parsed = CloudPayCallback.safeParse(event);
  if (!parsed.success) {
    return {
      kind: 'malformed',
      provider: 'cloudpay',
      detail: parsed.error.issues.map((i) => i.path.join('.')).join(','),
      orderNo: text(event.outTradeNo),
      transactionId: text(event.transactionId),
      amountFen: fen(event.totalFee),
    };
  }
  const n = parsed.data;
  // returnCode is the communication result, resultCode the business one: both must say SUCCESS.
  const paid = n.returnCode === 'SUCCESS' && n.resultCode === 'SUCCESS';
  return {
    kind: 'trade',
    provider: 'cloudpay',
    orderNo: n.outTradeNo,
    proven: false,
    platformResult: `${n.returnCode}/${n.resultCode}`,
    trade: {
      state: paid ? 'SUCCESS' : 'PAYERROR',
      transactionId: n.transactionId,
      amountFen: n.totalFee,
      merchantId: n.subMchId,
      paidAt: parseBeijingCompact(n.timeEnd),
    },
  };
}
