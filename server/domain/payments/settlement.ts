import type { Knex } from 'knex';
import { forUpdate, inTransaction } from '../../db/transactions';
import { grantEntitlement } from '../entitlements/entitlement.grant';
import { planDurationDays } from '../membership/plan.repo';
import type { OrderRow } from '../orders/order.model';
import { toBool } from '../../db/values';
import { useCouponOf } from '../coupons/coupon.lock';
import { accrueCommission } from '../referral/referral.service';
import { createGiftFor } from '../gifts/gift.service';

export type SettleOutcome = 'settled' | 'duplicate';

/**
 * Exactly-once settlement (DESIGN.md): the conditional update `pending|closed → paid` and the
 * entitlement insert keyed by the order commit together or not at all. Concurrent callbacks for
 * one order queue on the order row; the second sees `paid`, updates nothing and reports a
 * duplicate. A deadlock victim reruns the whole transaction. Callers answer only after this
 * resolves, i.e. after commit.
 */
export async function settleOrder(
  db: Knex,
  now: Date,
  input: { orderNo: string; transactionId: string; paidAt?: Date },
): Promise<SettleOutcome> {
  return inTransaction(db, async (trx) => {
    const order: OrderRow | undefined = await forUpdate(trx, trx('orders').where('order_no', input.orderNo)).first();
    if (!order || (order.status !== 'pending' && order.status !== 'closed')) return 'duplicate';
    const updated = await trx('orders')
      .where('id', order.id)
      .whereIn('status', ['pending', 'closed'])
      .update({
        status: 'paid',
        paid_at: input.paidAt ?? now,
        transaction_id: input.transactionId || null,
        pending_key: null,
        updated_at: now,
      });
    if (updated !== 1) return 'duplicate';
    // The selling tools, in the same transaction: the coupon is spent, the referrer's commission
    // is held, and a gift order's claim link is created instead of a grant to the buyer.
    await useCouponOf(trx, order, now);
    await accrueCommission(trx, order, now);
    if (toBool(order.is_gift)) {
      await createGiftFor(trx, order, now);
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
    return 'settled';
  });
}
