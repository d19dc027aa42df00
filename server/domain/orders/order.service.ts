import type { Knex } from 'knex';
import { toBool, toDate, toNum } from '../../db/values';
import { AppError } from '../../runtime/errors';
import { decodeCursor, encodeCursor } from '../../runtime/cursor';
import { whereArticleReleased } from '../catalog/visibility';
import {
  isExpired,
  newOrderNo,
  ORDER_TTL_MS,
  pendingKey,
  toOrder,
  type ItemType,
  type Order,
  type OrderRefund,
  type OrderRow,
  type OrderStatus,
} from './order.model';
import { articleNotFound, columnNotFound } from '../access/reading';
import type { ServiceContext } from '../../runtime/service-context';
import { forUpdate, inTransaction } from '../../db/transactions';
import { originalPrice, priceOrder, type Price } from '../pricing/price.policy';
import { livePromotion, type LivePromotion } from '../promotions/promotion.repo';
import { couponForOrder, couponForQuote, type CouponForOrder } from '../coupons/coupon.service';
import { lockCoupon } from '../coupons/coupon.lock';
import { closePendingIn } from './order-close';
import { AUTO_REFUND_NOTES } from '../payments/settlement';

/** A learner's order actions take the call's service context; the buyer is its learner. */
export type OrderCtx = Pick<ServiceContext, 'db' | 'now' | 'actor'>;

import { ownsItem, type Buyer } from './ownership';
export { ownsItem, type Buyer };

export async function buyerOf(ctx: OrderCtx): Promise<Buyer> {
  return { userId: await ctx.actor.learnerId(), now: ctx.now };
}

interface Priced {
  title: string;
  amountFen: number;
}

const notForSale = (message?: string) => new AppError('NOT_FOR_SALE', message);

/**
 * What the item costs, from the database only, or why it cannot be bought. Drafts and
 * unreleased articles do not exist for learners (NOT_FOUND, as in the catalog); archived,
 * free and unpriced items exist but are not sold (NOT_FOR_SALE). Whether the buyer already has
 * access is the access policy's answer, asked through ViewerAccess like every read path.
 */
async function priceItem(db: Knex, buyer: Buyer, itemType: ItemType, itemId: number, opts: { asGift: boolean }): Promise<Priced> {
  if (itemType === 'membership') {
    const plan = await db('membership_plans').where('id', itemId).first('name', 'price_fen', 'status');
    if (!plan) throw new AppError('NOT_FOUND', '会员方案不存在');
    if (plan.status !== 'active' || toNum(plan.price_fen) <= 0) throw notForSale('该会员方案已停售');
    return { title: String(plan.name), amountFen: toNum(plan.price_fen) };
  }
  if (itemType === 'column') {
    const column = await db('columns').where('id', itemId).first('title', 'price_fen', 'status', 'member_included');
    if (!column || column.status === 'draft') throw columnNotFound();
    if (column.status !== 'published' || toNum(column.price_fen) <= 0) throw notForSale('该专栏暂不出售');
    if (!opts.asGift && (await ownsItem(db, buyer, 'column', itemId))) throw new AppError('ALREADY_OWNED');
    return { title: String(column.title), amountFen: toNum(column.price_fen) };
  }
  const article = await whereArticleReleased(
    db('articles as a').join('columns as c', 'c.id', 'a.column_id').where('a.id', itemId),
    buyer.now,
  ).first('a.title', 'a.price_fen', 'a.is_free', 'a.column_id', 'c.status as column_status', 'c.member_included');
  if (!article || article.column_status === 'draft') throw articleNotFound();
  if (article.column_status !== 'published') throw notForSale('该文章所在专栏已停售');
  if (toBool(article.is_free)) throw notForSale('免费文章无需购买');
  if (article.price_fen === null || toNum(article.price_fen) <= 0) throw notForSale('该文章不单独出售，请购买所在专栏');
  if (!opts.asGift && (await ownsItem(db, buyer, 'article', itemId))) throw new AppError('ALREADY_OWNED');
  return { title: String(article.title), amountFen: toNum(article.price_fen) };
}

/**
 * Pending → closed, only if still pending (a callback may have just paid it). `gatewayOpen`: the trade may still be
 * open at the gateway (closed here only — a cancel, an expiry noticed by a new create, an order already owned), so
 * when it was handed to the gateway (`prepaid_at`) the order is marked for the gateway close the payments domain
 * makes (`payments/trade-close.ts`: cloud pay's 5-minute rule, retried by the reconcile timer). The coupon the order
 * locked is released in the same transaction (`order-close.ts`).
 */
export async function closePendingLocally(db: Knex, orderId: number, now: Date, gatewayOpen = false): Promise<boolean> {
  return inTransaction(db, (trx) => closePendingIn(trx, orderId, now, gatewayOpen));
}

export async function findOrderRow(db: Knex, orderNo: string): Promise<OrderRow | undefined> {
  return db('orders').where('order_no', orderNo).first();
}

/** The caller's own order; anyone else's is indistinguishable from a missing one. */
export async function findOwnOrderRow(db: Knex, userId: number, orderNo: string): Promise<OrderRow> {
  const row = await db('orders').where({ order_no: orderNo, user_id: userId }).first();
  if (!row) throw new AppError('NOT_FOUND', '订单不存在');
  return row;
}

export interface CreateOrderInput {
  itemType: ItemType;
  itemId: number;
  /** One of the learner's coupons (`coupon.available`); locked by the pending order. */
  userCouponId?: number;
  /** Buy for a friend: the buyer may already own it and gets nothing from it. */
  asGift?: boolean;
}

interface Pricing {
  priced: Priced;
  promo: LivePromotion | null;
  originalFen: number;
  /** The one price rule (`priceOrder`) over this item's list price, live promotion, the coupon and the payment path's floor. */
  priceWith(coupon: CouponForOrder | null): Price;
}

/**
 * The pricing part of an order, shared by `createOrder` and `quoteOrder` so a quote is what the
 * create charges: the item (or why it cannot be bought), its live promotion, and the price rule.
 */
async function pricingOf(ctx: OrderCtx & Pick<ServiceContext, 'ports'>, buyer: Buyer, input: CreateOrderInput): Promise<Pricing> {
  const priced = await priceItem(ctx.db, buyer, input.itemType, input.itemId, { asGift: input.asGift === true });
  const promo = await livePromotion(ctx.db, buyer.now, input.itemType, input.itemId);
  return {
    priced,
    promo,
    originalFen: originalPrice(priced.amountFen, promo?.priceFen),
    priceWith: (coupon) =>
      priceOrder({
        listFen: priced.amountFen,
        promoFen: promo?.priceFen,
        coupon,
        floorFen: ctx.ports.payments.minAmountFen?.(priced.amountFen),
      }),
  };
}

export interface OrderQuote extends Price {
  title: string;
  /** When the limited-time price in `originalFen` ends, if one applies. */
  promoEndsAt: string | null;
  userCouponId: number | null;
}

/**
 * What `createOrder` would charge for the same input, with the same refusals (NOT_FOUND,
 * NOT_FOR_SALE, ALREADY_OWNED unless a gift, the coupon's errors), creating and locking nothing:
 * the checkout page shows it on open, and the order is created only when the learner taps pay.
 */
export async function quoteOrder(ctx: OrderCtx & Pick<ServiceContext, 'ports'>, input: CreateOrderInput): Promise<OrderQuote> {
  const buyer = await buyerOf(ctx);
  const pricing = await pricingOf(ctx, buyer, input);
  const key = pendingKey(buyer.userId, input.itemType, input.itemId, input.asGift === true);
  const coupon =
    input.userCouponId === undefined
      ? null
      : await couponForQuote(ctx.db, buyer.now, buyer.userId, input.userCouponId, {
          ...input,
          originalFen: pricing.originalFen,
          pendingKey: key,
        });
  return {
    title: pricing.priced.title.slice(0, 128),
    ...pricing.priceWith(coupon),
    promoEndsAt: pricing.promo?.endsAt ?? null,
    userCouponId: coupon ? coupon.userCouponId : null,
  };
}

/**
 * A repeated create (double tap, retry, two devices) returns the learner's pending order for the
 * item: the unique pending_key makes concurrent creates insert one row, and the loser reads it.
 * A create with a different coupon than the pending order's replaces that order (closing it
 * releases its coupon): the learner changed their mind at checkout. Every order — bought, gift,
 * membership renewal — is priced by the one price rule (`priceOrder`) and snapshots its parts.
 */
export async function createOrder(ctx: OrderCtx & Pick<ServiceContext, 'ports'>, input: CreateOrderInput): Promise<Order> {
  const { db } = ctx;
  const buyer = await buyerOf(ctx);
  const { userId, now } = buyer;
  const asGift = input.asGift === true;
  const couponId = input.userCouponId ?? null;
  const key = pendingKey(userId, input.itemType, input.itemId, asGift);
  const couponOf = (row: OrderRow) => (row.user_coupon_id === null || row.user_coupon_id === undefined ? null : Number(row.user_coupon_id));
  const existing: OrderRow | undefined = await db('orders').where('pending_key', key).first();
  if (existing && !isExpired(existing, now) && couponOf(existing) === couponId) {
    // A pending order for something the learner has come to own meanwhile (bought its column, a
    // membership, a code) is not handed back: it is closed (its trade too), and priceItem answers
    // ALREADY_OWNED below. A gift may be bought for something the buyer owns.
    if (asGift || !(await ownsItem(db, buyer, input.itemType, input.itemId))) return toOrder(existing);
    await closePendingLocally(db, existing.id, now, true);
  }
  const pricing = await pricingOf(ctx, buyer, input);
  const { priced, promo, originalFen } = pricing;
  const orderNo = newOrderNo(now);
  const id = await inTransaction(db, async (trx) => {
    let coupon: CouponForOrder | null = null;
    if (couponId !== null) {
      const found = await couponForOrder(trx, now, userId, couponId, { ...input, originalFen, pendingKey: key });
      if ('reuse' in found) return found.reuse;
      coupon = found;
    }
    // The learner's pending order for this item, read with a lock: a live one with the same coupon
    // (a concurrent twin of this call) is the answer; an expired one, or one with another coupon,
    // is closed here — only now that the new order is known to be valid, so a refused create
    // changes nothing — and its coupon released in this same transaction.
    const current: OrderRow | undefined = await forUpdate(trx, trx('orders').where('pending_key', key)).first();
    if (current) {
      if (!isExpired(current, now) && couponOf(current) === couponId) return Number(current.id);
      await closePendingIn(trx, current.id, now, true);
    }
    const price = pricing.priceWith(coupon);
    await trx('orders')
      .insert({
        order_no: orderNo,
        user_id: userId,
        item_type: input.itemType,
        item_id: input.itemId,
        title: priced.title.slice(0, 128),
        amount_fen: price.amountFen,
        original_fen: price.originalFen,
        discount_fen: price.discountFen,
        user_coupon_id: coupon ? coupon.userCouponId : null,
        promotion_id: promo?.id ?? null,
        is_gift: asGift,
        status: 'pending',
        provider: ctx.ports.payments.provider,
        transaction_id: null,
        pending_key: key,
        created_at: now,
        expires_at: new Date(now.getTime() + ORDER_TTL_MS),
        updated_at: now,
      })
      .onConflict('pending_key')
      .ignore();
    const row: OrderRow | undefined = await forUpdate(trx, trx('orders').where('pending_key', key)).first();
    if (!row) throw new AppError('CONFLICT', '订单状态刚刚变化，请重试');
    // Only the order this call inserted locks the coupon; a concurrent twin's order is returned as is.
    if (coupon && row.order_no === orderNo && !(await lockCoupon(trx, coupon.userCouponId, row.id, now)))
      throw new AppError('COUPON_LOCKED');
    return Number(row.id);
  });
  const row: OrderRow | undefined = await db('orders').where('id', id).first();
  if (!row) throw new AppError('CONFLICT', '订单状态刚刚变化，请重试');
  return toOrder(row);
}

const REFUND_STATUS_NOTES: Record<OrderRefund['status'], string> = {
  pending: '退款处理中',
  succeeded: '已原路退回',
  failed: '退款未成功，请联系客服',
};

/** The learner's order, and for a refunded one what happened to the money (issue 14: automatic refunds are told). */
export async function getOrder(ctx: OrderCtx, orderNo: string): Promise<Order & { refund?: OrderRefund | null }> {
  const row = await findOwnOrderRow(ctx.db, await ctx.actor.learnerId(), orderNo);
  const refund = row.status === 'refunded' ? await ctx.db('refunds').where('order_id', row.id).first() : undefined;
  const auto = row.auto_refund === 'closed' || row.auto_refund === 'owned' ? row.auto_refund : null;
  const status: OrderRefund['status'] = refund?.status === 'succeeded' || refund?.status === 'failed' ? refund.status : 'pending';
  return {
    ...toOrder(row),
    refund: refund
      ? {
          auto: auto !== null,
          status,
          amountFen: toNum(refund.amount_fen),
          note: auto ? `${AUTO_REFUND_NOTES[auto]}（${REFUND_STATUS_NOTES[status]}）` : REFUND_STATUS_NOTES[status],
        }
      : null,
  };
}

export async function listOrders(
  ctx: OrderCtx,
  input: { status?: OrderStatus; cursor?: string; limit: number },
): Promise<{ items: Order[]; nextCursor: string | null }> {
  const { db } = ctx;
  const userId = await ctx.actor.learnerId();
  const after = decodeCursor(input.cursor, 2);
  const q = db('orders').where('user_id', userId);
  if (input.status) q.where('status', input.status);
  if (after) {
    const [at, id] = after.map(Number);
    const atDate = new Date(at);
    q.andWhere((w) => w.where('created_at', '<', atDate).orWhere((x) => x.where('created_at', atDate).andWhere('id', '<', id)));
  }
  const rows: OrderRow[] = await q
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toOrder),
    nextCursor: rows.length > input.limit && last ? encodeCursor([toDate(last.created_at)!.getTime(), Number(last.id)]) : null,
  };
}

/**
 * Closes the learner's pending order here, and marks its trade for the gateway close (the function then asks the
 * payments domain to close it at once when cloud pay allows it, else the reconcile timer does). A payment that still
 * arrives for the closed order is refunded automatically (`payments/settlement.ts`). Cancelling a closed order is a
 * no-op.
 */
export async function cancelOrder(ctx: OrderCtx, orderNo: string): Promise<Order> {
  const { db } = ctx;
  const buyer = await buyerOf(ctx);
  const row = await findOwnOrderRow(db, buyer.userId, orderNo);
  if (row.status === 'pending') await closePendingLocally(db, row.id, buyer.now, true);
  const after = await findOwnOrderRow(db, buyer.userId, orderNo);
  if (after.status === 'paid' || after.status === 'refunded') throw new AppError('CONFLICT', '订单已支付，不能取消');
  return toOrder(after);
}
