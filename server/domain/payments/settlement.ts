import type { Knex } from 'knex';
import { forUpdate, inTransaction } from '../../db/transactions';
import { grantEntitlement } from '../entitlements/entitlement.grant';
import { planDurationDays } from '../membership/plan.repo';
import type { OrderRow } from '../orders/order.model';
import { toBool, toNum } from '../../db/values';
import { countSale, moveLatestPaidDay } from '../reporting/daily-metrics.repo';
import { useCouponOf } from '../coupons/coupon.lock';
import { accrueCommission } from '../referral/referral.service';
import { createGiftFor } from '../gifts/gift.service';
import { ownsItem } from '../orders/ownership';
import { outRefundNoFor } from '../orders/refund.keys';

/** `auto_refund`: the money arrived but nothing is granted; the payment is sent back (`autoRefund` in payment.service). */
export type SettleOutcome = 'settled' | 'duplicate' | 'auto_refund';

/** Why a payment is sent back (orders.auto_refund), and what the learner reads about it in `order.get`. */
export const AUTO_REFUND_NOTES = {
  closed: '订单已取消或超时关闭后才收到付款，款项已自动原路退回',
  owned: '你已拥有该内容，本次付款已自动原路退回',
} as const;
export type AutoRefundReason = keyof typeof AUTO_REFUND_NOTES;

/**
 * Exactly-once settlement (DESIGN.md): the conditional update `pending → paid` and the entitlement insert keyed by the
 * order commit together or not at all. Concurrent callbacks for one order queue on the order row; the second sees
 * `paid`, updates nothing and reports a duplicate. A deadlock victim reruns the whole transaction. Callers answer only
 * after this resolves, i.e. after commit.
 *
 * Ownership is checked again here (issue 14): a payment for a closed order (cancelled, expired, superseded) or for
 * something the learner already owns (bought the column meanwhile, two orders paid) is not granted; the order becomes
 * `refunded` with its reason and a pending refund row, and the caller sends the money back through the gateway. The
 * learner's row is locked first, so two of one learner's orders settling at once queue and the second sees the first's
 * grant.
 */
export async function settleOrder(
  db: Knex,
  now: Date,
  input: { orderNo: string; transactionId: string; paidAt?: Date },
): Promise<SettleOutcome> {
  return inTransaction(db, async (trx) => {
    const peek: OrderRow | undefined = await trx('orders').where('order_no', input.orderNo).first('user_id');
    if (!peek) return 'duplicate';
    const payer: { last_paid_day: string | null } | undefined = await forUpdate(trx, trx('users').where('id', peek.user_id)).first(
      'last_paid_day',
    );
    const order: OrderRow | undefined = await forUpdate(trx, trx('orders').where('order_no', input.orderNo)).first();
    if (!order || (order.status !== 'pending' && order.status !== 'closed')) return 'duplicate';
    // A gift may be bought for something the buyer already owns: only its closed state sends the money back.
    const reason: AutoRefundReason | null =
      order.status === 'closed'
        ? 'closed'
        : !toBool(order.is_gift) && (await ownsItem(trx, { userId: Number(order.user_id), now }, order.item_type, Number(order.item_id)))
          ? 'owned'
          : null;
    const paid = { paid_at: input.paidAt ?? now, transaction_id: input.transactionId || null, pending_key: null, updated_at: now };
    // The dashboard's counters (the sale on its paid day, the payer's latest paid day), last in
    // each path: every settlement of a day updates that day's row, so its lock is held the shortest.
    const countForDashboard = async (refundedAtOnce: boolean) => {
      await countSale(trx, paid.paid_at, toNum(order.amount_fen), refundedAtOnce);
      await moveLatestPaidDay(trx, Number(order.user_id), payer?.last_paid_day ?? null, paid.paid_at);
    };
    if (reason) {
      const moved = await trx('orders')
        .where('id', order.id)
        .whereIn('status', ['pending', 'closed'])
        .update({ ...paid, status: 'refunded', refunded_at: now, auto_refund: reason, gateway_close_due_at: null });
      if (moved !== 1) return 'duplicate';
      await trx('refunds')
        .insert({
          out_refund_no: outRefundNoFor(order.order_no),
          order_id: order.id,
          amount_fen: order.amount_fen,
          reason: AUTO_REFUND_NOTES[reason],
          status: 'pending',
          admin_id: null,
          created_at: now,
          updated_at: now,
        })
        .onConflict('order_id')
        .ignore();
      await countForDashboard(true);
      return 'auto_refund';
    }
    const updated = await trx('orders')
      .where('id', order.id)
      .whereIn('status', ['pending', 'closed'])
      .update({ ...paid, status: 'paid' });
    if (updated !== 1) return 'duplicate';
    // The selling tools, in the same transaction: the coupon is spent, the referrer's commission
    // is held, and a gift order's claim link is created instead of a grant to the buyer.
    await useCouponOf(trx, order, now);
    await accrueCommission(trx, order, now);
    if (toBool(order.is_gift)) {
      await createGiftFor(trx, order, now);
      await countForDashboard(false);
      return 'settled';
    }
    let days: number | null = null;
    if (order.item_type === 'membership') {
      days = await planDurationDays(trx, Number(order.item_id));
      if (days === null) throw new Error(`membership plan ${order.item_id} of order ${order.order_no} is missing`);
    }
    await grantEntitlement(trx, now, {
      userId: Number(order.user_id),
      scope: order.item_type,
      itemId: Number(order.item_id),
      source: 'order',
      sourceId: order.order_no,
      days,
    });
    await countForDashboard(false);
    return 'settled';
  });
}
