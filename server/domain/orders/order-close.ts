import type { Knex } from 'knex';
import { releaseCouponOf } from '../coupons/coupon.lock';

/**
 * Pending → closed, only if still pending (a callback may have just paid it), inside the
 * caller's transaction; the coupon the order locked is released in the same transaction. Every
 * close — the learner's cancel, the reconcile timer, a stale order replaced by a new create —
 * comes through here. `gatewayOpen`: the trade may still be open at the payment gateway, so a
 * prepaid order is marked for closing there (`gateway_close_due_at`, worked off by the reconcile
 * timer, which honours cloud pay's 5-minute rule); a payment arriving anyway is refunded.
 */
export async function closePendingIn(trx: Knex.Transaction, orderId: number, now: Date, gatewayOpen = false): Promise<boolean> {
  const n = await trx('orders')
    .where({ id: orderId, status: 'pending' })
    .update({
      status: 'closed',
      closed_at: now,
      pending_key: null,
      updated_at: now,
      ...(gatewayOpen ? { gateway_close_due_at: trx.raw('CASE WHEN prepaid_at IS NULL THEN NULL ELSE ? END', [now]) } : {}),
    });
  if (n !== 1) return false;
  await releaseCouponOf(trx, orderId, now);
  return true;
}
