import type { Knex } from 'knex';
import { forUpdate, inTransaction } from '../../db/transactions';
import { toDate, toIso, toNum } from '../../db/values';
import { AppError } from '../../runtime/errors';
import type { ServiceContext } from '../../runtime/service-context';
import type { ItemType } from '../catalog/items';
import { discountOff, meetsMinSpend, originalPrice, type Discount } from '../pricing/price.policy';
import { listPriceOf } from '../pricing/item-price';
import { livePromotion } from '../promotions/promotion.repo';
import { closePendingIn } from '../orders/order-close';
import { coversItem, discountOf, toCoupon, userCouponStatus, windowProblem, type CouponRow, type UserCoupon } from './coupon.model';

type LearnerCtx = Pick<ServiceContext, 'db' | 'now' | 'actor'>;

/** `used` counts per coupon, one query. */
export async function usedCounts(db: Knex, couponIds: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (!couponIds.length) return out;
  const rows = await db('user_coupons')
    .whereIn('coupon_id', couponIds)
    .where('status', 'used')
    .groupBy('coupon_id')
    .select('coupon_id')
    .count('* as n');
  for (const r of rows as Array<Record<string, unknown>>) out.set(Number(r.coupon_id), toNum(r.n));
  return out;
}

const UC_COLUMNS = ['uc.id as uc_id', 'uc.status as uc_status', 'uc.claimed_at as uc_claimed_at', 'uc.order_id as uc_order_id', 'c.*'];

async function toUserCoupons(db: Knex, rows: CouponRow[], now: Date): Promise<UserCoupon[]> {
  const used = await usedCounts(db, [...new Set(rows.map((r) => Number(r.id)))]);
  return rows.map((r) => ({
    id: Number(r.uc_id),
    coupon: toCoupon(r, used.get(Number(r.id)) ?? 0),
    status: userCouponStatus(String(r.uc_status), r, now),
    claimedAt: toIso(r.uc_claimed_at)!,
  }));
}

const couponExpired = (problem: string) =>
  new AppError(
    'COUPON_EXPIRED',
    problem === 'not_started' ? '优惠券活动尚未开始' : problem === 'stopped' ? '优惠券已停用' : '优惠券已过期',
  );

/**
 * Learner `coupon.claim`. The claim is one conditional update on the coupon (`claimed < stock`,
 * still active, inside its window): concurrent claims can never take more than the stock. The
 * per-user limit is counted under a lock on the learner's row, so one learner's parallel taps
 * queue and the limit holds too. Any refusal rolls back: nothing changes.
 */
export async function claimCoupon(ctx: LearnerCtx, couponId: number): Promise<UserCoupon> {
  const { db, now } = ctx;
  const userId = await ctx.actor.learnerId();
  const ucId = await inTransaction(db, async (trx) => {
    const coupon: CouponRow | undefined = await trx('coupons').where('id', couponId).first();
    if (!coupon) throw new AppError('NOT_FOUND', '优惠券不存在');
    const problem = windowProblem(coupon, now);
    if (problem) throw couponExpired(problem);
    await forUpdate(trx, trx('users').where('id', userId).select('id'));
    const mine = await forUpdate(trx, trx('user_coupons').where({ user_id: userId, coupon_id: couponId }).count('* as n')).first();
    if (toNum(mine?.n) >= toNum(coupon.per_user_limit)) throw new AppError('COUPON_LIMIT_REACHED');
    const took = await trx('coupons')
      .where({ id: couponId, status: 'active' })
      .where('claimed', '<', trx.ref('stock'))
      .update({ claimed: trx.raw('claimed + 1'), updated_at: now });
    if (took !== 1) throw new AppError('COUPON_SOLD_OUT');
    const [id] = await trx('user_coupons').insert({
      coupon_id: couponId,
      user_id: userId,
      status: 'unused',
      order_id: null,
      claimed_at: now,
      updated_at: now,
    });
    return Number(id);
  });
  const rows = await db('user_coupons as uc').join('coupons as c', 'c.id', 'uc.coupon_id').where('uc.id', ucId).select(UC_COLUMNS);
  return (await toUserCoupons(db, rows, now))[0]!;
}

/** Learner `coupon.mine`: newest first; `status` filters by what the learner sees (expired is derived). */
export async function myCoupons(ctx: LearnerCtx, status?: UserCoupon['status']): Promise<{ items: UserCoupon[] }> {
  const { db, now } = ctx;
  const userId = await ctx.actor.learnerId();
  const rows = await db('user_coupons as uc')
    .join('coupons as c', 'c.id', 'uc.coupon_id')
    .where('uc.user_id', userId)
    .orderBy('uc.id', 'desc')
    .limit(500)
    .select(UC_COLUMNS);
  const items = await toUserCoupons(db, rows, now);
  return { items: status ? items.filter((i) => i.status === status) : items };
}

/** The price a coupon is judged against for one item: the live promotion's, else the list price. */
async function originalFenOf(db: Knex, now: Date, itemType: ItemType, itemId: number): Promise<number | null> {
  const list = await listPriceOf(db, itemType, itemId);
  if (list === null) return null;
  const promo = await livePromotion(db, now, itemType, itemId);
  return originalPrice(list, promo?.priceFen);
}

/**
 * Learner `coupon.available`: the learner's unused coupons that this item accepts now (scope,
 * window, minimum spend), best first — the largest discount on this item's price, then the one
 * that ends soonest. The mini program preselects the first.
 */
export async function availableCoupons(ctx: LearnerCtx, item: { itemType: ItemType; itemId: number }): Promise<{ items: UserCoupon[] }> {
  const { db, now } = ctx;
  const userId = await ctx.actor.learnerId();
  const originalFen = await originalFenOf(db, now, item.itemType, item.itemId);
  if (originalFen === null) return { items: [] };
  // Unused coupons, plus the one the learner's live pending order for this same item holds (so a
  // checkout reopened later shows the coupon its order already uses).
  const rows: CouponRow[] = await db('user_coupons as uc')
    .join('coupons as c', 'c.id', 'uc.coupon_id')
    .leftJoin('orders as o', 'o.id', 'uc.order_id')
    .where('uc.user_id', userId)
    .andWhere((w) =>
      w
        .where('uc.status', 'unused')
        .orWhere((x) =>
          x
            .where({ 'uc.status': 'locked', 'o.status': 'pending', 'o.item_type': item.itemType, 'o.item_id': item.itemId })
            .where('o.expires_at', '>', now),
        ),
    )
    .select(UC_COLUMNS);
  const usable = rows.filter(
    (r) => !windowProblem(r, now) && coversItem(r, item.itemType, item.itemId) && meetsMinSpend(toNum(r.min_spend_fen), originalFen),
  );
  const off = (r: CouponRow) => discountOff(discountOf(r), originalFen);
  const ends = (r: CouponRow) => toDate(r.ends_at)?.getTime() ?? Number.MAX_SAFE_INTEGER;
  usable.sort((a, b) => off(b) - off(a) || ends(a) - ends(b) || Number(a.uc_id) - Number(b.uc_id));
  return { items: await toUserCoupons(db, usable, now) };
}

export interface CouponForOrder {
  userCouponId: number;
  discount: Discount;
  minSpendFen: number;
}

/**
 * Inside order create's transaction: the learner's coupon, locked for reading, checked against
 * the item and its original price. Someone else's coupon is indistinguishable from a missing one
 * (as with orders). A coupon still locked by a pending order that has expired is freed first (the
 * reconcile timer may not have reached it yet); one locked by a live pending order is refused.
 */
export async function couponForOrder(
  trx: Knex.Transaction,
  now: Date,
  userId: number,
  userCouponId: number,
  item: { itemType: ItemType; itemId: number; originalFen: number; pendingKey: string },
): Promise<CouponForOrder | { reuse: number }> {
  const row: CouponRow | undefined = await forUpdate(
    trx,
    trx('user_coupons as uc').join('coupons as c', 'c.id', 'uc.coupon_id').where('uc.id', userCouponId),
  ).first(UC_COLUMNS.concat(['uc.user_id as uc_user_id']));
  if (!row || Number(row.uc_user_id) !== userId) throw new AppError('NOT_FOUND', '优惠券不存在');
  if (row.uc_status === 'used') throw new AppError('COUPON_USED');
  if (row.uc_status === 'locked') {
    const holder = await forUpdate(trx, trx('orders').where('id', Number(row.uc_order_id))).first(
      'id',
      'status',
      'expires_at',
      'pending_key',
    );
    const live = holder && holder.status === 'pending' && toDate(holder.expires_at)!.getTime() > now.getTime();
    // A concurrent repeat of this very create already locked it: hand back that order.
    if (live && holder.pending_key === item.pendingKey) return { reuse: Number(holder.id) };
    if (live) throw new AppError('COUPON_LOCKED');
    if (holder?.status === 'pending') await closePendingIn(trx, Number(holder.id), now);
    else
      await trx('user_coupons').where({ id: userCouponId, status: 'locked' }).update({ status: 'unused', order_id: null, updated_at: now });
  }
  return checkedForItem(row, now, userCouponId, item);
}

/** The coupon's own checks against the item, shared by an order's create and its quote. */
function checkedForItem(
  row: CouponRow,
  now: Date,
  userCouponId: number,
  item: { itemType: ItemType; itemId: number; originalFen: number },
): CouponForOrder {
  const problem = windowProblem(row, now);
  if (problem) throw couponExpired(problem);
  if (!coversItem(row, item.itemType, item.itemId)) throw new AppError('COUPON_NOT_APPLICABLE');
  if (!meetsMinSpend(toNum(row.min_spend_fen), item.originalFen))
    throw new AppError('COUPON_MIN_SPEND', `满 ${(toNum(row.min_spend_fen) / 100).toFixed(2)} 元可用`);
  return { userCouponId, discount: discountOf(row), minSpendFen: toNum(row.min_spend_fen) };
}

/**
 * For `order.quote`: the answer `couponForOrder` would give, read without locking or changing
 * anything. A coupon held by the learner's live pending order for this same item is usable (the
 * create replaces or reuses that order); one held by another live order is refused; one held by an
 * expired order counts as free (the create frees it).
 */
export async function couponForQuote(
  db: Knex,
  now: Date,
  userId: number,
  userCouponId: number,
  item: { itemType: ItemType; itemId: number; originalFen: number; pendingKey: string },
): Promise<CouponForOrder> {
  const row: (CouponRow & { uc_user_id: unknown }) | undefined = await db('user_coupons as uc')
    .join('coupons as c', 'c.id', 'uc.coupon_id')
    .where('uc.id', userCouponId)
    .first(UC_COLUMNS.concat(['uc.user_id as uc_user_id']));
  if (!row || Number(row.uc_user_id) !== userId) throw new AppError('NOT_FOUND', '优惠券不存在');
  if (row.uc_status === 'used') throw new AppError('COUPON_USED');
  if (row.uc_status === 'locked') {
    const holder = await db('orders').where('id', Number(row.uc_order_id)).first('status', 'expires_at', 'pending_key');
    const live = holder && holder.status === 'pending' && toDate(holder.expires_at)!.getTime() > now.getTime();
    if (live && holder.pending_key !== item.pendingKey) throw new AppError('COUPON_LOCKED');
  }
  return checkedForItem(row, now, userCouponId, item);
}
