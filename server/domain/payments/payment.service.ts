import type { Knex } from 'knex';
import { z } from 'zod';
import { toDate, toNum } from '../../db/values';
import { AppError } from '../../runtime/errors';
import type { Logger } from '../../runtime/logger';
import {
  NotificationRejected,
  type PaymentGateway,
  type PaymentProvider,
  type RawNotification,
  type TradeQueryResult,
} from '../../ports/payment-gateway';
import { closePendingLocally, findOrderRow, findOwnOrderRow } from '../orders/order.service';
import { isExpired, toOrder, type Order, type OrderRow } from '../orders/order.model';
import { recordPaymentEvent, type PaymentEventKind } from './payment-events';
import { settleOrder } from './settlement';

export interface PaymentDeps {
  db: Knex;
  payments: PaymentGateway;
  log: Logger;
}

/** Reconcile looks at orders at least this old (younger ones are usually mid-payment). */
export const RECONCILE_MIN_AGE_MS = 60 * 1000;
export const RECONCILE_BATCH = 200;

export async function prepay(
  deps: PaymentDeps,
  payer: { userId: number; openid: string; clientIp: string | null; now: Date },
  orderNo: string,
): Promise<{ provider: PaymentProvider; payment: Record<string, string>; cashierUrl?: string }> {
  const row = await findOwnOrderRow(deps.db, payer.userId, orderNo);
  if (row.status !== 'pending' || isExpired(row, payer.now)) throw new AppError('ORDER_NOT_PAYABLE', '订单已支付、已关闭或已过期，请重新下单');
  const result = await deps.payments.prepay({
    orderNo: row.order_no,
    description: row.title,
    amountFen: toNum(row.amount_fen),
    openid: payer.openid,
    clientIp: payer.clientIp ?? undefined,
    expiresAt: toDate(row.expires_at)!,
  });
  return { provider: deps.payments.provider, payment: result.payment, ...(result.cashierUrl ? { cashierUrl: result.cashierUrl } : {}) };
}

/**
 * Settles from the gateway's own answer (confirm, reconcile, close-said-paid): the trade must be
 * paid, for this order's amount, at our merchant.
 */
async function settleFromTrade(deps: PaymentDeps, now: Date, order: OrderRow, trade: TradeQueryResult, kind: PaymentEventKind): Promise<string> {
  let verdict: string;
  if (trade.state !== 'SUCCESS') verdict = 'unpaid';
  else if (trade.amountFen !== undefined && trade.amountFen !== toNum(order.amount_fen)) verdict = 'rejected_amount';
  else if (trade.merchantId !== undefined && trade.merchantId !== deps.payments.merchantId) verdict = 'rejected_merchant';
  else verdict = await settleOrder(deps.db, now, { orderNo: order.order_no, transactionId: trade.transactionId ?? '', paidAt: trade.paidAt });
  if (verdict !== 'unpaid') {
    await recordPaymentEvent(deps.db, now, {
      orderNo: order.order_no,
      provider: deps.payments.provider,
      kind,
      transactionId: trade.transactionId,
      amountFen: trade.amountFen,
      verdict,
      detail: `trade ${trade.state}`,
      payload: trade,
    });
  }
  return verdict;
}

/** After `wx.requestPayment` succeeds the client asks; a lost callback is recovered here. */
export async function confirm(deps: PaymentDeps, buyer: { userId: number; now: Date }, orderNo: string): Promise<Order> {
  const row = await findOwnOrderRow(deps.db, buyer.userId, orderNo);
  if (row.status === 'pending' || row.status === 'closed') {
    const trade = await deps.payments.query(row.order_no);
    await settleFromTrade(deps, buyer.now, row, trade, 'confirm');
  }
  return toOrder(await findOwnOrderRow(deps.db, buyer.userId, orderNo));
}

/**
 * The timer (every minute): pending orders older than a minute are asked about and settled when
 * paid; expired ones are closed at the gateway and here — unless the gateway says the trade was
 * paid meanwhile, which settles it instead. One order's failure does not stop the others.
 */
export async function reconcile(deps: PaymentDeps, now: Date): Promise<{ checked: number; settled: number; closed: number; failed: number }> {
  const rows: OrderRow[] = await deps.db('orders')
    .where('status', 'pending')
    .where('created_at', '<=', new Date(now.getTime() - RECONCILE_MIN_AGE_MS))
    .orderBy('created_at')
    .limit(RECONCILE_BATCH);
  const tally = { checked: rows.length, settled: 0, closed: 0, failed: 0 };
  for (const row of rows) {
    try {
      const trade = await deps.payments.query(row.order_no);
      if (trade.state === 'SUCCESS') {
        if ((await settleFromTrade(deps, now, row, trade, 'reconcile')) === 'settled') tally.settled++;
        continue;
      }
      if (!isExpired(row, now)) continue;
      const closed = await deps.payments.close(row.order_no);
      if (closed === 'paid') {
        const paid = await deps.payments.query(row.order_no);
        if ((await settleFromTrade(deps, now, row, paid, 'reconcile')) === 'settled') tally.settled++;
      } else if (await closePendingLocally(deps.db, row.id, now)) {
        tally.closed++;
        await recordPaymentEvent(deps.db, now, {
          orderNo: row.order_no,
          provider: deps.payments.provider,
          kind: 'reconcile',
          verdict: 'closed',
          detail: `expired unpaid (trade ${trade.state})`,
          payload: trade,
        });
      }
    } catch (err) {
      tally.failed++;
      deps.log.error('pay.reconcile.failed', { orderNo: row.order_no, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return tally;
}

/** The cloud-pay callback as wx-server-sdk delivers it (camelCase); unknown keys are kept. */
export const CloudPayNotification = z.looseObject({
  returnCode: z.string(),
  resultCode: z.string(),
  outTradeNo: z.string().min(1).max(32),
  transactionId: z.string().min(1).max(64),
  // Numbers in the documented event; WeChat's v2 fields are strings underneath, so accept digits too.
  totalFee: z.union([z.number().int().min(0), z.string().regex(/^\d{1,10}$/).transform(Number)]),
  subMchId: z.string().max(32),
  timeEnd: z.string().optional(),
});

type Judged = { verdict: string; detail?: string };

/**
 * Cloud pay (SOURCE=wx_paycallback, checked by the function's audience). The event alone is not
 * trusted: after the cheap checks the trade is looked up with queryOrder, so an event for a trade
 * that was never paid grants nothing. Every notification lands in payment_events with its
 * verdict. Permanent rejections are acknowledged (a retry cannot change them); only a failure
 * on our side throws, so the platform calls again.
 */
export async function handleCloudPayNotification(deps: PaymentDeps, now: Date, event: Record<string, unknown>): Promise<Judged> {
  if (isRefundNotification(event)) return handleCloudPayRefundNotification(deps, now, event);
  const parsed = CloudPayNotification.safeParse(event);
  const orderNo = typeof event.outTradeNo === 'string' ? event.outTradeNo : null;
  const judged = await judgeCloudPay(deps, now, parsed);
  await recordPaymentEvent(deps.db, now, {
    orderNo,
    provider: 'cloudpay',
    kind: 'notify',
    transactionId: typeof event.transactionId === 'string' ? event.transactionId : null,
    amountFen: typeof event.totalFee === 'number' ? event.totalFee : null,
    verdict: judged.verdict,
    detail: judged.detail,
    payload: event,
  });
  return judged;
}

/** unifiedOrder and refund both name pay-notify as their callback; refund results carry these keys. */
const isRefundNotification = (event: Record<string, unknown>) => 'outRefundNo' in event || 'refundStatus' in event || 'reqInfo' in event;

/**
 * A refund result. The order was already marked refunded (and access revoked) when WeChat
 * accepted the refund; this records the outcome, and a refund that did not go through is marked
 * failed on the refund row for staff to see (the money stayed with the merchant).
 */
async function handleCloudPayRefundNotification(deps: PaymentDeps, now: Date, event: Record<string, unknown>): Promise<Judged> {
  const status = typeof event.refundStatus === 'string' ? event.refundStatus : 'UNKNOWN';
  const outRefundNo = typeof event.outRefundNo === 'string' ? event.outRefundNo : null;
  if (outRefundNo && status !== 'SUCCESS' && status !== 'UNKNOWN') {
    await deps.db('refunds').where('out_refund_no', outRefundNo).update({ status: 'failed', updated_at: now });
  }
  const judged = { verdict: `refund_${status.toLowerCase()}`.slice(0, 32), detail: outRefundNo ?? '' };
  await recordPaymentEvent(deps.db, now, {
    orderNo: typeof event.outTradeNo === 'string' ? event.outTradeNo : null,
    provider: 'cloudpay',
    kind: 'refund',
    transactionId: typeof event.refundId === 'string' ? event.refundId : null,
    amountFen: typeof event.refundFee === 'number' ? event.refundFee : null,
    verdict: judged.verdict,
    detail: judged.detail,
    payload: event,
  });
  return judged;
}

async function judgeCloudPay(deps: PaymentDeps, now: Date, parsed: ReturnType<typeof CloudPayNotification.safeParse>): Promise<Judged> {
  if (!parsed.success) return { verdict: 'rejected_malformed', detail: parsed.error.issues.map((i) => i.path.join('.')).join(',') };
  const n = parsed.data;
  if (n.returnCode !== 'SUCCESS' || n.resultCode !== 'SUCCESS') return { verdict: 'rejected_result', detail: `${n.returnCode}/${n.resultCode}` };
  const order = await findOrderRow(deps.db, n.outTradeNo);
  if (!order) return { verdict: 'rejected_unknown_order' };
  if (n.subMchId !== deps.payments.merchantId) return { verdict: 'rejected_merchant', detail: n.subMchId };
  if (n.totalFee !== toNum(order.amount_fen)) return { verdict: 'rejected_amount', detail: `${n.totalFee} != ${order.amount_fen}` };
  if ((order.status === 'paid' || order.status === 'refunded') && order.transaction_id === n.transactionId) return { verdict: 'duplicate' };
  const trade = await deps.payments.query(n.outTradeNo);
  if (trade.state !== 'SUCCESS' || (trade.transactionId !== undefined && trade.transactionId !== n.transactionId) || (trade.amountFen !== undefined && trade.amountFen !== n.totalFee)) {
    return { verdict: 'rejected_unconfirmed', detail: `queryOrder: ${trade.state}` };
  }
  return { verdict: await settleOrder(deps.db, now, { orderNo: n.outTradeNo, transactionId: n.transactionId, paidAt: trade.paidAt }) };
}

/**
 * API v3 over HTTP: the signature on the raw body (checked by the adapter) is the proof of
 * origin, so the decrypted resource is trusted once amount and merchant match. A failed
 * verification is recorded and answered with an error (HTTP 401), never with a grant.
 */
export async function handleV3Notification(deps: PaymentDeps, now: Date, raw: RawNotification): Promise<Judged> {
  const record = (j: Judged, extra: { orderNo?: string; transactionId?: string; amountFen?: number } = {}) =>
    recordPaymentEvent(deps.db, now, {
      orderNo: extra.orderNo ?? null,
      provider: 'wechatpay-v3',
      kind: 'notify_v3',
      transactionId: extra.transactionId,
      amountFen: extra.amountFen,
      verdict: j.verdict,
      detail: j.detail,
      payload: { headers: raw.headers, body: raw.body },
    });
  if (!deps.payments.verifyNotification) {
    await record({ verdict: 'rejected_provider', detail: `provider ${deps.payments.provider}` });
    throw new AppError('FORBIDDEN', '未启用微信支付 API v3');
  }
  let paid;
  try {
    paid = await deps.payments.verifyNotification(raw, now);
  } catch (err) {
    if (!(err instanceof NotificationRejected)) throw err;
    await record({ verdict: `rejected_${err.reason}`, detail: err.message });
    throw new AppError('FORBIDDEN', '通知验签失败');
  }
  const ids = { orderNo: paid.orderNo, transactionId: paid.transactionId, amountFen: paid.amountFen };
  const order = await findOrderRow(deps.db, paid.orderNo);
  let judged: Judged;
  if (paid.state !== 'SUCCESS') judged = { verdict: 'rejected_result', detail: paid.state };
  else if (!order) judged = { verdict: 'rejected_unknown_order' };
  else if (paid.merchantId !== deps.payments.merchantId) judged = { verdict: 'rejected_merchant', detail: paid.merchantId };
  else if (paid.amountFen !== toNum(order.amount_fen)) judged = { verdict: 'rejected_amount', detail: `${paid.amountFen} != ${order.amount_fen}` };
  else judged = { verdict: await settleOrder(deps.db, now, { orderNo: paid.orderNo, transactionId: paid.transactionId, paidAt: paid.paidAt }) };
  await record(judged, ids);
  return judged;
}
