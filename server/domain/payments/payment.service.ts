import type { Knex } from 'knex';
import { toBool, toDate, toNum } from '../../db/values';
import { countRefund } from '../reporting/daily-metrics.repo';
import { AppError } from '../../runtime/errors';
import type { Logger } from '../../runtime/logger';
import {
  isVirtualPayment,
  NotificationRejected,
  type IosRefundQuery,
  type Payer,
  type PaymentGateway,
  type RawPush,
  type ReadPush,
  type PaymentNotification,
  type PaymentProvider,
  type RawNotification,
  type RefundNotification,
  type ReportedTrade,
  type TradeNotification,
} from '../../ports/payment-gateway';
import { closePendingLocally, findOrderRow, findOwnOrderRow, ownsItem } from '../orders/order.service';
import { isExpired, toOrder, type Order, type OrderRow } from '../orders/order.model';
import { recordPaymentEvent, type PaymentEventKind, type PaymentEventVerdict } from './payment-events';
import { tryTake } from '../limits/rate-limit';
import { settleOrder, type SettleOutcome } from './settlement';
import { judgeTrade, judgedOrderOf, TradeVerdict } from './trade-verdict';
import { virtualGoodOf, virtualPriceOf } from './virtual-goods';
import { sessionKeyOf } from '../users/session';
import { revokeBySource } from '../entitlements/entitlement.revoke';
import { inTransaction } from '../../db/transactions';
import type { ShippingNotifier } from '../../ports/shipping';
import { retryShipping, uploadShipping } from './shipping';
import { applyMediaCheckResult } from '../moderation/moderate-media';

export interface PaymentDeps {
  db: Knex;
  payments: PaymentGateway;
  log: Logger;
  /** 发货信息管理 after a WeChat Pay settlement (absent: not uploaded). */
  shipping?: ShippingNotifier;
}

/** Reconcile looks at orders at least this old (younger ones are usually mid-payment). */
export const RECONCILE_MIN_AGE_MS = 60 * 1000;
export const RECONCILE_BATCH = 200;
/**
 * Cloud pay (like WeChat Pay's v2 API) refuses `closeOrder` sooner than 5 minutes after the trade was created; a close
 * asked for earlier is kept (orders.gateway_close_due_at) and made by the reconcile timer once this has passed.
 */
export const GATEWAY_CLOSE_MIN_AGE_MS = 5 * 60 * 1000;

export async function prepay(
  deps: PaymentDeps,
  payer: { userId: number; openid: string; clientIp: string | null; now: Date },
  orderNo: string,
): Promise<{ provider: PaymentProvider; payment: Record<string, string>; cashierUrl?: string }> {
  const row = await findOwnOrderRow(deps.db, payer.userId, orderNo);
  if (row.status !== 'pending' || isExpired(row, payer.now))
    throw new AppError('ORDER_NOT_PAYABLE', '订单已支付、已关闭或已过期，请重新下单');
  // Ownership again (issue 14): a pending article order made before its column was bought must not be paid.
  // A gift is bought for someone else, so what the buyer owns does not matter.
  if (!toBool(row.is_gift) && (await ownsItem(deps.db, { userId: payer.userId, now: payer.now }, row.item_type, Number(row.item_id)))) {
    await closePendingLocally(deps.db, row.id, payer.now, true);
    throw new AppError('ALREADY_OWNED', '你已拥有该内容，这笔订单已关闭，无需支付');
  }
  // Recorded before the gateway hears of the trade, so a cancel from now on knows there is a trade to close there.
  const marked = await deps
    .db('orders')
    .where({ id: row.id, status: 'pending' })
    .update({ prepaid_at: row.prepaid_at ?? payer.now, updated_at: payer.now });
  if (marked !== 1) throw new AppError('ORDER_NOT_PAYABLE', '订单已支付、已关闭或已过期，请重新下单');
  const virtual = isVirtualPayment(deps.payments.provider) ? await virtualPrepayOf(deps, payer, row) : {};
  const result = await deps.payments.prepay({
    orderNo: row.order_no,
    description: row.title,
    amountFen: toNum(row.amount_fen),
    openid: payer.openid,
    clientIp: payer.clientIp ?? undefined,
    expiresAt: toDate(row.expires_at)!,
    ...virtual,
  });
  return { provider: deps.payments.provider, payment: result.payment, ...(result.cashierUrl ? { cashierUrl: result.cashierUrl } : {}) };
}

/**
 * What virtual payment signs beyond the order: the item's 道具 (recorded on the order, since the
 * delivery push must name the same one), the 道具 price when the order is discounted (the 40%
 * floor is checked here, in virtualPriceOf) and the learner's session_key from `user.login`.
 */
async function virtualPrepayOf(
  deps: PaymentDeps,
  payer: { userId: number },
  row: OrderRow,
): Promise<{ productId: string; listPriceFen: number; sessionKey?: string }> {
  const good = await virtualGoodOf(deps.db, row.item_type, Number(row.item_id));
  const amountFen = toNum(row.amount_fen);
  const price = virtualPriceOf(good.priceFen, amountFen);
  const sessionKey = await sessionKeyOf(deps.db, payer.userId);
  // The live platform checks `signature` with the session_key; without one the cashier cannot open.
  if (!sessionKey && deps.payments.provider === 'xpay') throw new AppError('UNAUTHENTICATED', '登录已过期，请重新进入小程序后再支付');
  await deps.db('orders').where('id', row.id).update({ product_id: good.productId });
  return { productId: good.productId, listPriceFen: price.goodsPrice, sessionKey: sessionKey ?? undefined };
}

/** The payer of an order: virtual payment's query_order and refund_order are keyed by openid. */
export async function payerOf(db: Knex, row: Pick<OrderRow, 'user_id'>): Promise<Payer | undefined> {
  const user = await db('users').where('id', row.user_id).first('openid');
  return user?.openid ? { openid: String(user.openid) } : undefined;
}

/**
 * Settles a trade judged `settle`; settlement itself has the last word (a concurrent callback may have won, the order
 * may be closed or its item owned). A payment settlement will not keep is sent back at once; a refund the gateway could
 * not take now stays pending and the reconcile timer asks again.
 */
async function settle(deps: PaymentDeps, now: Date, orderNo: string, trade: ReportedTrade): Promise<SettleOutcome> {
  const outcome = await settleOrder(deps.db, now, { orderNo, transactionId: trade.transactionId ?? '', paidAt: trade.paidAt });
  if (outcome === 'auto_refund') await autoRefund(deps, now, orderNo);
  // The one that settles uploads the shipping info (WeChat Pay, trade-managed); a failure there never undoes the
  // payment — the timer retries it.
  if (outcome === 'settled' && deps.shipping) {
    try {
      const row = await findOrderRow(deps.db, orderNo);
      if (row) await uploadShipping(deps, now, row);
    } catch (err) {
      deps.log.error('pay.shipping.failed', { orderNo, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return outcome;
}

/**
 * Sends an auto-refunded order's money back through the gateway (keyed by the order's stable out_refund_no, so a
 * retry moves the money once) and records the answer. Never throws: the payment is already recorded, and a transient
 * failure is retried by the timer (`reconcile`).
 */
export async function autoRefund(deps: PaymentDeps, now: Date, orderNo: string): Promise<'succeeded' | 'failed' | 'pending'> {
  const order = await findOrderRow(deps.db, orderNo);
  const refund = order ? await deps.db('refunds').where('order_id', order.id).first() : undefined;
  if (!order || !refund || refund.status !== 'pending' || !order.auto_refund) return refund?.status ?? 'pending';
  const amountFen = toNum(order.amount_fen);
  try {
    const result = await deps.payments.refund({
      orderNo,
      outRefundNo: refund.out_refund_no,
      totalFen: amountFen,
      refundFen: amountFen,
      reason: String(refund.reason),
      ...(await payerOf(deps.db, order)),
    });
    const status = result.accepted ? 'succeeded' : 'failed';
    await deps.db('refunds').where({ id: refund.id, status: 'pending' }).update({ status, updated_at: now });
    await recordPaymentEvent(deps.db, now, {
      orderNo,
      provider: deps.payments.provider,
      kind: 'refund',
      transactionId: result.refundId ?? null,
      amountFen,
      verdict: result.accepted ? 'refund_auto_accepted' : 'refund_auto_refused',
      detail: result.detail ?? String(order.auto_refund),
      payload: { outRefundNo: refund.out_refund_no, reason: order.auto_refund, ...result },
    });
    if (!result.accepted) deps.log.error('pay.auto_refund.refused', { orderNo, detail: result.detail });
    return status;
  } catch (err) {
    deps.log.error('pay.auto_refund.failed', { orderNo, error: err instanceof Error ? err.message : String(err) });
    return 'pending';
  }
}

/**
 * The gateway close of an order closed here (cancel, expiry seen by a new create, owned at prepay). Too early for cloud
 * pay's 5-minute rule → left due for the timer. The gateway saying the trade was paid meanwhile settles it, which for a
 * closed order means the automatic refund. Gateway errors propagate (the due mark stays; the timer retries).
 */
export async function closeTradeIfDue(
  deps: PaymentDeps,
  now: Date,
  orderNo: string,
): Promise<'none' | 'waiting' | 'closed' | SettleOutcome> {
  const row = await findOrderRow(deps.db, orderNo);
  if (!row || row.status !== 'closed' || !row.gateway_close_due_at) return 'none';
  const prepaidAt = toDate(row.prepaid_at);
  if (prepaidAt && now.getTime() - prepaidAt.getTime() < GATEWAY_CLOSE_MIN_AGE_MS) return 'waiting';
  const closed = await deps.payments.close(orderNo);
  if (closed === 'paid') {
    const trade = await deps.payments.query(orderNo);
    const outcome = await settleFromTrade(deps, now, row, trade, 'reconcile');
    if (outcome === 'settled' || outcome === 'duplicate' || outcome === 'auto_refund') return outcome;
    return 'waiting';
  }
  await deps.db('orders').where({ id: row.id }).update({ gateway_close_due_at: null, updated_at: now });
  return 'closed';
}

/** After a cancel: close the trade at the gateway now when cloud pay allows it; a failure is left to the timer. */
export async function closeTradeSoon(deps: PaymentDeps, now: Date, orderNo: string): Promise<void> {
  try {
    await closeTradeIfDue(deps, now, orderNo);
  } catch (err) {
    deps.log.info('pay.close.deferred', { orderNo, error: err instanceof Error ? err.message : String(err) });
  }
}

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
  if (outcome === 'settled') await markDelivered(deps, order);
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

/**
 * Virtual payment: a trade settled from a query (the delivery push was lost or not answered) is
 * reported delivered with notify_provide_goods. A failure is logged; the order is paid either way.
 */
async function markDelivered(deps: PaymentDeps, order: OrderRow): Promise<void> {
  if (!deps.payments.markDelivered) return;
  try {
    const payer = await payerOf(deps.db, order);
    if (payer) await deps.payments.markDelivered(order.order_no, payer);
  } catch (err) {
    deps.log.error('pay.notify_provide_goods.failed', { orderNo: order.order_no, error: err instanceof Error ? err.message : String(err) });
  }
}

/** After `wx.requestPayment` succeeds the client asks; a lost callback is recovered here. */
export async function confirm(deps: PaymentDeps, buyer: { userId: number; now: Date }, orderNo: string): Promise<Order> {
  const row = await findOwnOrderRow(deps.db, buyer.userId, orderNo);
  if (row.status === 'pending' || row.status === 'closed') {
    const trade = await deps.payments.query(row.order_no, await payerOf(deps.db, row));
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
): Promise<{ checked: number; settled: number; closed: number; failed: number; shipping: { uploaded: number; failed: number } }> {
  const rows: OrderRow[] = await deps
    .db('orders')
    .where('status', 'pending')
    .where('created_at', '<=', new Date(now.getTime() - RECONCILE_MIN_AGE_MS))
    .orderBy('created_at')
    .limit(RECONCILE_BATCH);
  const tally = { checked: rows.length, settled: 0, closed: 0, failed: 0, shipping: { uploaded: 0, failed: 0 } };
  for (const row of rows) {
    try {
      const payer = await payerOf(deps.db, row);
      const trade = await deps.payments.query(row.order_no, payer);
      if (trade.state === 'SUCCESS') {
        if ((await settleFromTrade(deps, now, row, trade, 'reconcile')) === 'settled') tally.settled++;
        continue;
      }
      if (!isExpired(row, now)) continue;
      const closed = await deps.payments.close(row.order_no, payer);
      if (closed === 'paid') {
        const paid = await deps.payments.query(row.order_no, payer);
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
  // Gateway closes that were too early when asked for (cloud pay's 5-minute rule) or failed.
  const dueCloses: OrderRow[] = await deps
    .db('orders')
    .where('status', 'closed')
    .whereNotNull('gateway_close_due_at')
    .where('prepaid_at', '<=', new Date(now.getTime() - GATEWAY_CLOSE_MIN_AGE_MS))
    .orderBy('gateway_close_due_at')
    .limit(RECONCILE_BATCH);
  for (const row of dueCloses) {
    try {
      const outcome = await closeTradeIfDue(deps, now, row.order_no);
      if (outcome === 'closed') tally.closed++;
    } catch (err) {
      tally.failed++;
      deps.log.error('pay.reconcile.close_failed', { orderNo: row.order_no, error: err instanceof Error ? err.message : String(err) });
    }
  }
  // Automatic refunds the gateway could not take when the payment arrived.
  const dueRefunds: Array<{ order_no: string }> = await deps
    .db('refunds as r')
    .join('orders as o', 'o.id', 'r.order_id')
    .where('r.status', 'pending')
    .whereNotNull('o.auto_refund')
    .orderBy('r.id')
    .limit(RECONCILE_BATCH)
    .select('o.order_no');
  for (const r of dueRefunds) if ((await autoRefund(deps, now, r.order_no)) === 'pending') tally.failed++;
  // Shipping info that failed (or never ran) after settlement is retried here.
  try {
    tally.shipping = await retryShipping(deps, now);
  } catch (err) {
    deps.log.error('pay.shipping.retry_failed', { error: err instanceof Error ? err.message : String(err) });
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
    // Anyone on the internet can post to the notify URL: unverified notifications are recorded up to a per-minute
    // allowance (one row in rate_limits counts them), the rest only logged — never a row each without limit.
    if (await tryTake(deps.db, 'notifyRejected', 'wechatpay-v3', now)) {
      await recordPaymentEvent(deps.db, now, { orderNo: null, provider: 'wechatpay-v3', kind: 'notify_v3', verdict, detail, payload });
    } else {
      deps.log.info('pay.notify_v3.rejected_unrecorded', { verdict });
    }
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
    answer = await deps.payments.query(n.orderNo, row ? await payerOf(deps.db, row) : undefined);
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
    case TradeVerdict.ProductMismatch:
      return { verdict, detail: `${n.trade.productId} != ${order?.productId ?? '(none)'}` };
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
  if (!n.failed && n.orderNo && isVirtualPayment(n.provider)) await applyPlatformRefund(deps, now, n);
  return { verdict: `refund_${n.status.toLowerCase()}`, detail: n.outRefundNo ?? '' };
}

/**
 * Virtual payment: a successful refund we did not start — Apple refunding an iOS order, which the
 * developer cannot refuse — still takes the access away: the order becomes refunded and its
 * entitlement is revoked, once (the conditional update makes repeats change nothing).
 */
async function applyPlatformRefund(deps: PaymentDeps, now: Date, n: RefundNotification): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    const order: OrderRow | undefined = await trx('orders').where('order_no', n.orderNo).first();
    if (!order || order.status !== 'paid') return;
    const moved = await trx('orders')
      .where({ id: order.id, status: 'paid' })
      .update({ status: 'refunded', refunded_at: now, updated_at: now });
    if (moved !== 1) return;
    await revokeBySource(trx, now, { source: 'order', sourceId: order.order_no });
    await trx('refunds')
      .insert({
        out_refund_no: (n.outRefundNo ?? `P${order.order_no}`).slice(0, 64),
        order_id: order.id,
        amount_fen: n.refundFen ?? toNum(order.amount_fen),
        reason: '平台退款（如 iOS 用户经 App Store 退款）',
        status: 'succeeded',
        admin_id: null,
        created_at: now,
        updated_at: now,
      })
      .onConflict('order_id')
      .ignore();
    await countRefund(trx, toDate(order.paid_at) ?? now, toNum(order.amount_fen));
  });
}

/** The reply a push gets, in the form the push came in (HTTP text or the function's return value). */
export interface PushReply {
  reply: string | Record<string, unknown>;
}

/**
 * 小程序虚拟支付 message push (pay-notify, HTTP mode or routed to the function by CloudBase). The
 * adapter verifies and decrypts it; the delivery push then takes the same judged, exactly-once path
 * as every provider's notification (product and amount checked against the order; a push that does
 * not prove itself is confirmed with query_order first). Every push is recorded with its verdict.
 * Permanent rejections — bad signature, unknown order, wrong amount or 道具, replays — are
 * acknowledged (WeChat would only send them again); only a failure on our side throws, so WeChat
 * pushes again.
 */
export async function handleXPayPush(deps: PaymentDeps, now: Date, push: RawPush): Promise<PushReply> {
  const payload = push.via === 'http' ? { query: push.query, body: push.body } : push.event;
  const reject = async (verdict: PaymentEventVerdict, detail: string): Promise<PushReply> => {
    await recordPaymentEvent(deps.db, now, {
      orderNo: null,
      provider: deps.payments.provider,
      kind: 'notify_xpay',
      verdict,
      detail,
      payload,
    });
    // A content-free reply needs no encryption in either mode.
    return { reply: push.via === 'http' ? 'success' : { ErrCode: 0, ErrMsg: 'success' } };
  };
  // The image-moderation verdict shares the push channel; routed to the function it needs no payment keys.
  if (push.via === 'function' && push.event.Event === 'wxa_media_check')
    return mediaCheckPush(deps, now, push.event, { ErrCode: 0, ErrMsg: 'success' });
  if (!deps.payments.verifyPush) return reject('rejected_provider', `provider ${deps.payments.provider}`);
  let read: ReadPush;
  try {
    read = deps.payments.verifyPush(push, now);
  } catch (err) {
    if (!(err instanceof NotificationRejected)) throw err;
    return reject(`rejected_${err.reason}`, err.message);
  }
  const n = read.notification;
  if (n.kind === 'ios_refund_query') return { reply: read.reply(await answerIosRefundQuery(deps, now, n, payload)) };
  if (n.kind === 'other' && n.event === 'wxa_media_check' && n.payload) return mediaCheckPush(deps, now, n.payload, read.reply('ack'));
  if (n.kind === 'other') {
    // Complaints are kept for staff; other events on the shared push channel are not ours to act on.
    if (n.event === 'xpay_complaint_notify') {
      await recordPaymentEvent(deps.db, now, {
        orderNo: n.orderNo ?? null,
        provider: n.provider,
        kind: 'notify_xpay',
        verdict: 'complaint',
        detail: n.event,
        payload,
      });
    }
    return { reply: read.reply('ack') };
  }
  await handleNotification(deps, now, n, { kind: 'notify_xpay', payload });
  return { reply: read.reply('ack') };
}

/** mediaCheckAsync's verdict (`wxa_media_check`): a risky image is taken down (server/domain/moderation/moderate-media.ts). */
async function mediaCheckPush(deps: PaymentDeps, now: Date, payload: Record<string, unknown>, ack: PushReply['reply']): Promise<PushReply> {
  const outcome = await applyMediaCheckResult(deps.db, now, payload);
  deps.log.info('moderation.media_result', { traceId: String(payload.trace_id ?? '').slice(0, 64), outcome });
  return { reply: ack };
}

/** The GET WeChat sends when the push URL is saved in MP: the echostr, only for a valid signature. */
export async function verifyXPayPushUrl(deps: PaymentDeps, query: Record<string, string | undefined>): Promise<PushReply> {
  if (!deps.payments.verifyPushUrl) throw new AppError('FORBIDDEN', '未启用小程序虚拟支付');
  try {
    return { reply: deps.payments.verifyPushUrl(query) };
  } catch (err) {
    if (err instanceof NotificationRejected) throw new AppError('FORBIDDEN', '推送地址校验失败');
    throw err;
  }
}

/**
 * Apple asks whether to refund an iOS order and waits at most 3 s (three times): one indexed read.
 * Content that was unlocked has been delivered, and the purchase terms waive the 7-day return for
 * digital goods, so a delivered order is answered "refuse" with the delivery as evidence; an order
 * that never delivered is answered "refund".
 */
async function answerIosRefundQuery(deps: PaymentDeps, now: Date, q: IosRefundQuery, payload: unknown) {
  const row = await findOrderRow(deps.db, q.orderNo);
  const delivered = row?.status === 'paid';
  const answer = delivered
    ? {
        result_code: 1,
        result_info: '拒绝退款',
        evidence: `数字内容已于 ${toDate(row!.paid_at)?.toISOString() ?? ''} 交付并解锁（订单 ${row!.order_no}），购买时已同意数字内容不适用七天无理由退货`,
      }
    : { result_code: 0, result_info: '建议退款', evidence: row ? `订单状态 ${row.status}，内容未交付` : '未找到该订单' };
  await recordPaymentEvent(deps.db, now, {
    orderNo: row ? row.order_no : null,
    provider: q.provider,
    kind: 'notify_xpay',
    verdict: delivered ? 'ios_refund_refuse' : 'ios_refund_suggest',
    detail: answer.evidence,
    payload,
  });
  return answer;
}
