import { toDate, toNum } from '../../db/values';
import { countRefund } from '../reporting/daily-metrics.repo';
import { auditActorOf, inAuditedTransaction } from '../audit/audited-transaction';
import type { ServiceContext } from '../../runtime/service-context';
import { revokeBySource } from '../entitlements/entitlement.revoke';
import { AppError } from '../../runtime/errors';
import { findOrderRow } from './order.service';
import { toOrder, type Order } from './order.model';
import { recordPaymentEvent } from '../payments/payment-events';
import { GIFT_SOURCE } from '../gifts/gift.service';
import { cancelCommissionOf } from '../referral/referral.service';
import { autoRefund, payerOf } from '../payments/payment.service';
import type { OrderRow } from './order.model';

/** A CMS refund: the database, the clock reading, the signed-in admin and the payment port. */
export type RefundCtx = Pick<ServiceContext, 'db' | 'now' | 'actor' | 'log'> & { ports: Pick<ServiceContext['ports'], 'payments'> };

import { outRefundNoFor } from './refund.keys';
export { outRefundNoFor };

/**
 * Admin `order.refund` (exported for the admin function). The gateway refund is keyed by a
 * stable out_refund_no, so a retried refund — after a timeout, a crash, a double click — asks
 * WeChat for the same refund and money moves once. Once the platform accepts, the order becomes
 * `refunded` and its entitlement is revoked in one transaction; access reads entitlements on
 * every request, so the content locks immediately.
 */
export async function refundOrder(ctx: RefundCtx, input: { orderNo: string; reason: string }): Promise<Order> {
  const { now, db } = ctx;
  const payments = ctx.ports.payments;
  const order = await findOrderRow(db, input.orderNo);
  if (!order) throw new AppError('NOT_FOUND', '订单不存在');
  if (order.status === 'refunded') {
    if (order.auto_refund) await retryFailedAutoRefund(ctx, order);
    return toOrder((await findOrderRow(db, input.orderNo))!);
  }
  if (order.status !== 'paid') throw new AppError('CONFLICT', '只有已支付的订单可以退款');
  if (order.provider === 'redeem') throw new AppError('CONFLICT', '兑换获得的内容没有可退的款项');

  const outRefundNo = outRefundNoFor(order.order_no);
  const amountFen = toNum(order.amount_fen);
  await db('refunds')
    .insert({
      out_refund_no: outRefundNo,
      order_id: order.id,
      amount_fen: amountFen,
      reason: input.reason.slice(0, 255),
      status: 'pending',
      admin_id: ctx.actor.admin?.id ?? null,
      created_at: now,
      updated_at: now,
    })
    .onConflict('order_id')
    .ignore();

  const result = await payments.refund({
    orderNo: order.order_no,
    outRefundNo,
    totalFen: amountFen,
    refundFen: amountFen,
    reason: input.reason,
    openid: (await payerOf(db, order))?.openid,
  });
  await recordPaymentEvent(db, now, {
    orderNo: order.order_no,
    provider: payments.provider,
    kind: 'refund',
    transactionId: result.refundId ?? null,
    amountFen,
    verdict: result.accepted ? 'refund_accepted' : 'refund_refused',
    detail: result.detail,
    payload: { outRefundNo, ...result },
  });
  if (!result.accepted) {
    await db('refunds').where('order_id', order.id).update({ status: 'failed', updated_at: now });
    throw new AppError('CONFLICT', `支付平台未受理退款：${result.detail ?? '未知原因'}`);
  }

  await inAuditedTransaction(db, auditActorOf(ctx), async (trx) => {
    const moved = await trx('orders')
      .where({ id: order.id, status: 'paid' })
      .update({ status: 'refunded', refunded_at: now, updated_at: now });
    if (moved !== 1) return { result: undefined, audit: null }; // a concurrent refund got here first
    await revokeBySource(trx, now, { source: 'order', sourceId: order.order_no });
    // A gift's claimed grant goes too; the spent coupon is not given back (the CMS and the
    // mini program say so); a commission still in its hold is cancelled.
    await revokeBySource(trx, now, { source: GIFT_SOURCE, sourceId: order.order_no });
    await cancelCommissionOf(trx, order.id, now);
    await trx('refunds').where('order_id', order.id).update({ status: 'succeeded', updated_at: now });
    await countRefund(trx, toDate(order.paid_at) ?? now, toNum(order.amount_fen));
    return {
      result: undefined,
      audit: {
        action: 'order.refund',
        targetType: 'order',
        targetId: order.order_no,
        before: { status: 'paid' },
        after: { status: 'refunded', reason: input.reason, outRefundNo },
      },
    };
  });
  return toOrder((await findOrderRow(db, input.orderNo))!);
}

/**
 * An automatic refund (a payment for something the learner already owned, or for an order closed
 * meanwhile) that the payment platform refused — e.g. the merchant balance was short — leaves the
 * learner's money with the merchant: nothing else retries a refusal. Staff retry it from the order
 * (`order.refund` on such an order): the refund is set pending again, audited, and sent with the
 * same out_refund_no, so the money still moves at most once. A refusal again is a CONFLICT with
 * the platform's words; a pending or succeeded refund is left as it is.
 */
async function retryFailedAutoRefund(ctx: RefundCtx, order: OrderRow): Promise<void> {
  const reopened = await inAuditedTransaction(ctx.db, auditActorOf(ctx), async (trx) => {
    const moved = await trx('refunds').where({ order_id: order.id, status: 'failed' }).update({ status: 'pending', updated_at: ctx.now });
    if (moved !== 1) return { result: false, audit: null };
    return {
      result: true,
      audit: {
        action: 'order.refund_retry',
        targetType: 'order',
        targetId: order.order_no,
        before: { refund: 'failed' },
        after: { refund: 'pending', autoRefund: order.auto_refund },
      },
    };
  });
  if (!reopened) return;
  const outcome = await autoRefund({ db: ctx.db, payments: ctx.ports.payments, log: ctx.log }, ctx.now, order.order_no);
  if (outcome === 'failed') throw new AppError('CONFLICT', '支付平台仍未受理这笔自动退款，请稍后再试');
}
