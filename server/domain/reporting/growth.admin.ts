import type { ServiceContext } from '../../runtime/service-context';
import { toNum } from '../../db/values';
import { dayStartMs, daysEndingAt, studyDayOf } from '../calendar/shanghai-calendar';

/**
 * Admin `stats.growth` (kept apart from `stats.overview`, which other work tunes): what the
 * selling tools did over the last `days` Shanghai days — revenue before and after discounts,
 * and what each coupon and each referrer brought. Paid and later-refunded orders count for the
 * day they were paid, as on the overview; refunds are shown apart.
 */
export async function growthReport(ctx: Pick<ServiceContext, 'db' | 'now'>, days: number) {
  const { db, now } = ctx;
  const since = new Date(dayStartMs(daysEndingAt(studyDayOf(now), days)[0]!));
  const paid = () => db('orders as o').whereIn('o.status', ['paid', 'refunded']).where('o.paid_at', '>=', since);

  const totals = await paid()
    .select(
      db.raw('COUNT(*) AS orders'),
      db.raw('COALESCE(SUM(COALESCE(o.original_fen, o.amount_fen)), 0) AS original_fen'),
      db.raw('COALESCE(SUM(o.discount_fen), 0) AS discount_fen'),
      db.raw('COALESCE(SUM(o.amount_fen), 0) AS revenue_fen'),
      db.raw("COALESCE(SUM(CASE WHEN o.status = 'refunded' THEN o.amount_fen ELSE 0 END), 0) AS refund_fen"),
      db.raw('COALESCE(SUM(CASE WHEN o.user_coupon_id IS NULL THEN 0 ELSE 1 END), 0) AS coupon_orders'),
      db.raw('COALESCE(SUM(CASE WHEN o.promotion_id IS NULL THEN 0 ELSE 1 END), 0) AS promo_orders'),
      db.raw('COALESCE(SUM(CASE WHEN o.is_gift THEN 1 ELSE 0 END), 0) AS gift_orders'),
    )
    .first();

  const couponRows: Array<Record<string, any>> = await paid()
    .join('user_coupons as uc', 'uc.id', 'o.user_coupon_id')
    .join('coupons as c', 'c.id', 'uc.coupon_id')
    .groupBy('c.id', 'c.title', 'c.claimed')
    .select('c.id', 'c.title', 'c.claimed')
    .count('* as orders')
    .sum({ discount_fen: 'o.discount_fen', revenue_fen: 'o.amount_fen' })
    .orderBy('revenue_fen', 'desc')
    .limit(50);

  const referrerRows: Array<Record<string, any>> = await paid()
    .join('commissions as m', 'm.order_id', 'o.id')
    .join('users as r', 'r.id', 'm.referrer_id')
    .groupBy('r.id', 'r.openid', 'r.nickname')
    .select('r.openid', 'r.nickname')
    .count('* as orders')
    .sum({ revenue_fen: 'o.amount_fen', commission_fen: db.raw("CASE WHEN m.status = 'cancelled' THEN 0 ELSE m.amount_fen END") })
    .orderBy('revenue_fen', 'desc')
    .limit(50);

  return {
    days,
    totals: {
      orders: toNum(totals?.orders),
      originalFen: toNum(totals?.original_fen),
      discountFen: toNum(totals?.discount_fen),
      revenueFen: toNum(totals?.revenue_fen),
      refundFen: toNum(totals?.refund_fen),
      couponOrders: toNum(totals?.coupon_orders),
      promoOrders: toNum(totals?.promo_orders),
      giftOrders: toNum(totals?.gift_orders),
      referralOrders: referrerRows.reduce((s, r) => s + toNum(r.orders), 0),
      commissionFen: referrerRows.reduce((s, r) => s + toNum(r.commission_fen), 0),
    },
    byCoupon: couponRows.map((r) => ({
      couponId: Number(r.id),
      title: String(r.title),
      claimed: toNum(r.claimed),
      orders: toNum(r.orders),
      discountFen: toNum(r.discount_fen),
      revenueFen: toNum(r.revenue_fen),
    })),
    byReferrer: referrerRows.map((r) => ({
      openid: String(r.openid),
      nickname: String(r.nickname ?? ''),
      orders: toNum(r.orders),
      revenueFen: toNum(r.revenue_fen),
      commissionFen: toNum(r.commission_fen),
    })),
  };
}
