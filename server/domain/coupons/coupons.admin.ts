import { AppError } from '../../runtime/errors';
import type { ServiceContext } from '../../runtime/service-context';
import { auditActorOf, inAuditedTransaction } from '../audit/audited-transaction';
import { assertItemExists, type ItemType } from '../catalog/items';
import type { Discount } from '../pricing/price.policy';
import { toCoupon, type Coupon } from './coupon.model';
import { usedCounts } from './coupon.service';

type AdminCtx = Pick<ServiceContext, 'db' | 'now' | 'actor'>;

export interface CouponInput {
  title: string;
  discount: Discount;
  minSpendFen?: number;
  itemType?: ItemType;
  itemId?: number;
  stock: number;
  perUserLimit: number;
  startsAt?: string;
  endsAt?: string;
}

async function withUsed(ctx: AdminCtx, rows: Array<Record<string, any>>): Promise<Coupon[]> {
  const used = await usedCounts(
    ctx.db,
    rows.map((r) => Number(r.id)),
  );
  return rows.map((r) => toCoupon(r, used.get(Number(r.id)) ?? 0));
}

/** Admin `coupon.create`: scope, window and discount are checked before anything is written. */
export async function createCoupon(ctx: AdminCtx, input: CouponInput): Promise<Coupon> {
  const bad: string[] = [];
  if (input.itemId !== undefined && input.itemType === undefined) bad.push('itemType');
  const startsAt = input.startsAt ? new Date(input.startsAt) : null;
  const endsAt = input.endsAt ? new Date(input.endsAt) : null;
  if (startsAt && endsAt && endsAt.getTime() <= startsAt.getTime()) bad.push('endsAt');
  // An end already past is allowed (a coupon shown as ended, e.g. re-created for the record); it just cannot be claimed.
  if (input.discount.type === 'amount' && input.minSpendFen && input.discount.amountFen > input.minSpendFen) {
    // Allowed by the price rule (the floor of 1 fen holds), but almost always a typo: refuse.
    bad.push('discount');
  }
  if (bad.length) throw new AppError('INVALID_INPUT', '优惠券设置不正确', { fields: [...new Set(bad)] });
  if (input.itemType && input.itemId !== undefined) await assertItemExists(ctx.db, input.itemType, input.itemId, '优惠券适用的商品不存在');
  const id = await inAuditedTransaction(ctx.db, auditActorOf(ctx), async (trx) => {
    const [newId] = await trx('coupons').insert({
      title: input.title,
      discount_type: input.discount.type,
      amount_fen: input.discount.type === 'amount' ? input.discount.amountFen : null,
      percent_off: input.discount.type === 'percent' ? input.discount.percentOff : null,
      min_spend_fen: input.minSpendFen ?? 0,
      item_type: input.itemType ?? null,
      item_id: input.itemId ?? null,
      stock: input.stock,
      claimed: 0,
      per_user_limit: input.perUserLimit,
      starts_at: startsAt,
      ends_at: endsAt,
      status: 'active',
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    return { result: Number(newId), audit: { action: 'coupon.create', targetType: 'coupon', targetId: Number(newId), after: input } };
  });
  return getCoupon(ctx, id);
}

export async function getCoupon(ctx: AdminCtx, id: number): Promise<Coupon> {
  const row = await ctx.db('coupons').where('id', id).first();
  if (!row) throw new AppError('NOT_FOUND', '优惠券不存在');
  return (await withUsed(ctx, [row]))[0]!;
}

export async function listCoupons(ctx: AdminCtx, input: { status?: 'active' | 'stopped' }): Promise<{ items: Coupon[] }> {
  const q = ctx.db('coupons').orderBy('id', 'desc').limit(500);
  if (input.status) q.where('status', input.status);
  return { items: await withUsed(ctx, await q.select()) };
}

/** Admin `coupon.stop`: no more claims and no more use of unused ones; paid orders keep their discount. */
export async function stopCoupon(ctx: AdminCtx, id: number): Promise<Coupon> {
  await getCoupon(ctx, id);
  await inAuditedTransaction(ctx.db, auditActorOf(ctx), async (trx) => {
    const n = await trx('coupons').where({ id, status: 'active' }).update({ status: 'stopped', updated_at: ctx.now });
    return {
      result: undefined,
      audit: n
        ? { action: 'coupon.stop', targetType: 'coupon', targetId: id, before: { status: 'active' }, after: { status: 'stopped' } }
        : null,
    };
  });
  return getCoupon(ctx, id);
}

/** Learners browse claimable coupons (the "领券" list): active, open window, stock left. */
export async function claimableCoupons(ctx: Pick<ServiceContext, 'db' | 'now'>, item?: { itemType: ItemType; itemId: number }) {
  const q = ctx
    .db('coupons')
    .where('status', 'active')
    .where('claimed', '<', ctx.db.ref('stock'))
    .where((w) => w.whereNull('starts_at').orWhere('starts_at', '<=', ctx.now))
    .where((w) => w.whereNull('ends_at').orWhere('ends_at', '>', ctx.now))
    .orderBy('id', 'desc')
    .limit(100);
  if (item) {
    q.where((w) =>
      w
        .whereNull('item_type')
        .orWhere((x) => x.where('item_type', item.itemType).andWhere((y) => y.whereNull('item_id').orWhere('item_id', item.itemId))),
    );
  }
  const rows = await q.select();
  return { items: rows.map((r: Record<string, any>) => toCoupon(r)) };
}
