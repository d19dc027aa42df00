import type { Knex } from 'knex';
import { releaseCouponOf } from '../coupons/coupon.lock';

/**
 * Pending → closed, only if still pending (a callback may have just paid it), inside the
 * caller's transaction; the coupon the order locked is released in the same transaction. Every
 * close — the learner's cancel, the reconcile timer, a stale order replaced by a new create —
 * comes through here.
 */
export async function closePendingIn(trx: Knex.Transaction, orderId: number, now: Date): Promise<boolean> {
  const n = await trx('orders')
    .where({ id: orderId, status: 'pending' })
    .update({ status: 'closed', closed_at: now, pending_key: null, updated_at: now });
  if (n !== 1) return false;
  await releaseCouponOf(trx, orderId, now);
  return true;
}
