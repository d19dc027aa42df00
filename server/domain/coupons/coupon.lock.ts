import type { Knex } from 'knex';

/**
 * A learner's coupon moves unused → locked (by one pending order) → used (by that order, in the
 * settlement transaction), and back to unused when the pending order closes. Each move is a
 * conditional update, so two orders can never hold one coupon. These run inside the caller's
 * transaction (order create, close, settlement).
 */

/** Locks the coupon for `orderId`; false when it is no longer unused (another order took it). */
export async function lockCoupon(trx: Knex.Transaction, userCouponId: number, orderId: number, now: Date): Promise<boolean> {
  const n = await trx('user_coupons')
    .where({ id: userCouponId, status: 'unused' })
    .update({ status: 'locked', order_id: orderId, updated_at: now });
  return n === 1;
}

/** The order closed unpaid: its coupon is the learner's again. */
export async function releaseCouponOf(trx: Knex.Transaction, orderId: number, now: Date): Promise<void> {
  await trx('user_coupons').where({ order_id: orderId, status: 'locked' }).update({ status: 'unused', order_id: null, updated_at: now });
}

/**
 * The order was paid: its coupon is spent. A late payment of an order that had closed finds its
 * coupon unused again and spends it too; if the learner meanwhile locked it for another order,
 * that order keeps it (the learner paid the discounted amount either way; settlement still
 * grants — money taken always gives access). Returns whether this order spent the coupon.
 */
export async function useCouponOf(trx: Knex.Transaction, order: { id: number; user_coupon_id?: unknown }, now: Date): Promise<boolean> {
  if (order.user_coupon_id === null || order.user_coupon_id === undefined) return false;
  const n = await trx('user_coupons')
    .where('id', Number(order.user_coupon_id))
    .andWhere((w) => w.where('status', 'unused').orWhere((x) => x.where({ status: 'locked', order_id: order.id })))
    .update({ status: 'used', order_id: order.id, used_at: now, updated_at: now });
  return n === 1;
}
