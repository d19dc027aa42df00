import type { Knex } from 'knex';
import { toDate, toNum } from '../../db/values';
import { AppError } from '../../runtime/errors';
import type { Logger } from '../../runtime/logger';
import {
  NotificationRejected,
  type PaymentGateway,
  type PaymentNotification,
  type PaymentProvider,
  type RawNotification,
  type RefundNotification,
  type ReportedTrade,
  type TradeNotification,
} from '../../ports/payment-gateway';
import { closePendingLocally, findOrderRow, findOwnOrderRow } from '../orders/order.service';
import { isExpired, toOrder, type Order, type OrderRow } from '../orders/order.model';
import { recordPaymentEvent, type PaymentEventKind, type PaymentEventVerdict } from './payment-events';
import { settleOrder, type SettleOutcome } from './settlement';
import { judgeTrade, judgedOrderOf, TradeVerdict } from './trade-verdict';

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
  if (row.status !== 'pending' || isExpired(row, payer.now))
    throw new AppError('ORDER_NOT_PAYABLE', '订单已支付、已关闭或已过期，请重新下单');
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

/** Settles a trade judged `settle`; settlement itself has the last word (a concurrent callback may have won). */
const settle = (deps: PaymentDeps, now: Date, orderNo: string, trade: ReportedTrade) =>
  settleOrder(deps.db, now, { orderNo, transactionId: trade.transactionId ?? '', paidAt: trade.paidAt });

/**
 * Settles from the gateway's own answer (confirm, reconcile, close-said-paid). An unpaid trade
 * changes nothing and is not recorded.
 */
async function settleFromTrade(
  deps: PaymentDeps,
  now: Date,
  order: OrderRow,
  trade: ReportedTrade,
  kind: PaymentEventKind,
): Promise<SettleOutcome | TradeVerdict> {
  const verdict = judgeTrade(judgedOrderOf(order), trade, deps.payments.merchantId);
  if (verdict === TradeVerdict.NotPaid) return verdict;
  const outcome = verdict === TradeVerdict.Settle ? await settle(deps, now, order.order_no, trade) : verdict;
  await recordPaymentEvent(deps.db, now, {
    orderNo: order.order_no,
    provider: deps.payments.provider,
    kind,
    transactionId: trade.transactionId,
    amountFen: trade.amountFen,
    verdict: outcome,
    detail: `trade ${trade.state}`,
    payload: trade,
  });
  return outcome;
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
export async function reconcile(
  deps: PaymentDeps,
  now: Date,
): Promise<{ checked: number; settled: number; closed: number; failed: number }> {
  const rows: OrderRow[] = await deps
    .db('orders')
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

type Judged = { verdict: PaymentEventVerdict; detail?: string };

/**
 * Cloud pay (SOURCE=wx_paycallback, checked by the function's audience). The adapter reads the
 * event; the event alone is not trusted: after the cheap checks the trade is looked up with a
 * query, so an event for a trade that was never paid grants nothing. Every notification lands
 * in payment_events with its verdict. Permanent rejections are acknowledged (a retry cannot
 * change them); only a failure on our side throws, so the platform calls again.
 */
export async function handleCallback(deps: PaymentDeps, now: Date, event: Record<string, unknown>): Promise<Judged> {
  if (!deps.payments.readCallback) {
    // A deployment whose provider does not call back this way: acknowledged, since a retry cannot change it.
    const judged: Judged = { verdict: 'rejected_provider', detail: `provider ${deps.payments.provider}` };
    await recordPaymentEvent(deps.db, now, { orderNo: null, provider: deps.payments.provider, kind: 'notify', ...judged, payload: event });
    return judged;
  }
  return handleNotification(deps, now, deps.payments.readCallback(event), { kind: 'notify', payload: event });
}

/**
 * API v3 over HTTP: the signature on the raw body (checked by the adapter) is the proof of
 * origin, so the decrypted resource is trusted once amount and merchant match. A failed
 * verification is recorded and answered with an error (HTTP 401), never with a grant.
 */
export async function handleV3Notification(deps: PaymentDeps, now: Date, raw: RawNotification): Promise<Judged> {
  const payload = { headers: raw.headers, body: raw.body };
  const reject = async (verdict: PaymentEventVerdict, detail: string, message: string) => {
    await recordPaymentEvent(deps.db, now, { orderNo: null, provider: 'wechatpay-v3', kind: 'notify_v3', verdict, detail, payload });
    throw new AppError('FORBIDDEN', message);
  };
  if (!deps.payments.verifyNotification) return reject('rejected_provider', `provider ${deps.payments.provider}`, '未启用微信支付 API v3');
  let notification: PaymentNotification;
  try {
    notification = await deps.payments.verifyNotification(raw, now);
  } catch (err) {
    if (!(err instanceof NotificationRejected)) throw err;
    return reject(`rejected_${err.reason}`, err.message, '通知验签失败');
  }
  return handleNotification(deps, now, notification, { kind: 'notify_v3', payload });
}

/** Judges a normalised notification, settles it when the verdict says so, and records it. */
async function handleNotification(
  deps: PaymentDeps,
  now: Date,
  n: PaymentNotification,
  received: { kind: PaymentEventKind; payload: unknown },
): Promise<Judged> {
  let judged: Judged;
  let ids: { orderNo?: string; transactionId?: string; amountFen?: number };
  if (n.kind === 'refund') {
    judged = await recordRefundOutcome(deps, now, n);
    ids = { orderNo: n.orderNo, transactionId: n.refundId, amountFen: n.refundFen };
  } else if (n.kind === 'malformed') {
    judged = { verdict: 'rejected_malformed', detail: n.detail };
    ids = n;
  } else {
    judged = await judgeNotifiedTrade(deps, now, n);
    ids = { orderNo: n.orderNo, transactionId: n.trade.transactionId, amountFen: n.trade.amountFen };
  }
  await recordPaymentEvent(deps.db, now, {
    orderNo: ids.orderNo ?? null,
    provider: n.provider,
    kind: n.kind === 'refund' ? 'refund' : received.kind,
    transactionId: ids.transactionId ?? null,
    amountFen: ids.amountFen ?? null,
    verdict: judged.verdict,
    detail: judged.detail,
    payload: received.payload,
  });
  return judged;
}

async function judgeNotifiedTrade(deps: PaymentDeps, now: Date, n: TradeNotification): Promise<Judged> {
  const row = await findOrderRow(deps.db, n.orderNo);
  const order = row ? judgedOrderOf(row) : null;
  let verdict = judgeTrade(order, n.trade, deps.payments.merchantId);
  // What settles: the notified trade, stamped with the paid time of the platform's own answer when one was asked for.
  let answer = n.trade;
  if (verdict === TradeVerdict.Settle && !n.proven) {
    answer = await deps.payments.query(n.orderNo);
    verdict = judgeTrade(order, n.trade, deps.payments.merchantId, answer);
  }
  switch (verdict) {
    case TradeVerdict.Settle:
      return { verdict: await settle(deps, now, n.orderNo, { ...n.trade, paidAt: answer.paidAt }) };
    case TradeVerdict.NotPaid:
      return { verdict, detail: n.platformResult };
    case TradeVerdict.MerchantMismatch:
      return { verdict, detail: n.trade.merchantId };
    case TradeVerdict.AmountMismatch:
      return { verdict, detail: `${n.trade.amountFen} != ${order?.amountFen}` };
    case TradeVerdict.Unconfirmed:
      return { verdict, detail: `queryOrder: ${answer.state}` };
    default:
      return { verdict };
  }
}

/**
 * A refund result. The order was already marked refunded (and access revoked) when the platform
 * accepted the refund; this records the outcome, and a refund that did not go through is marked
 * failed on the refund row for staff to see (the money stayed with the merchant).
 */
async function recordRefundOutcome(deps: PaymentDeps, now: Date, n: RefundNotification): Promise<Judged> {
  if (n.outRefundNo && n.failed) {
    await deps.db('refunds').where('out_refund_no', n.outRefundNo).update({ status: 'failed', updated_at: now });
  }
  return { verdict: `refund_${n.status.toLowerCase()}`, detail: n.outRefundNo ?? '' };
}
