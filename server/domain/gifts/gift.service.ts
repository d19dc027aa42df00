import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { forUpdate, inTransaction } from '../../db/transactions';
import { toIso } from '../../db/values';
import { AppError } from '../../runtime/errors';
import type { ServiceContext } from '../../runtime/service-context';
import { grantEntitlement } from '../entitlements/entitlement.grant';
import { planDurationDays } from '../membership/plan.repo';
import type { ItemType } from '../catalog/items';

type LearnerCtx = Pick<ServiceContext, 'db' | 'now' | 'actor'>;

/** The entitlement source of a claimed gift; its source_id is the gift order's number, so a refund revokes it by source. */
export const GIFT_SOURCE = 'gift';

/** 24 hex chars of crypto randomness: 96 bits nobody can guess, short enough for a share path. */
export const newClaimToken = () => randomBytes(12).toString('hex');

/**
 * Called by settlement for a gift order, inside its transaction: the claim link exists once the
 * gift is paid. Keyed by the order (unique), so a duplicate settlement creates nothing.
 */
export async function createGiftFor(trx: Knex.Transaction, order: { id: number; user_id: number }, now: Date): Promise<void> {
  await trx('gifts')
    .insert({
      order_id: order.id,
      buyer_id: Number(order.user_id),
      claim_token: newClaimToken(),
      claimed_by: null,
      claimed_at: null,
      created_at: now,
    })
    .onConflict('order_id')
    .ignore();
}

export interface GiftView {
  orderNo: string;
  claimToken: string;
  status: 'unclaimed' | 'claimed';
  claimedAt: string | null;
  itemType: ItemType;
  itemId: number;
  title: string;
}

/** Learner `gift.get`: the buyer's own paid gift order and its claim link (anyone else's order: NOT_FOUND). */
export async function getGift(ctx: LearnerCtx, orderNo: string): Promise<GiftView> {
  const userId = await ctx.actor.learnerId();
  const row = await ctx
    .db('orders as o')
    .leftJoin('gifts as g', 'g.order_id', 'o.id')
    .where({ 'o.order_no': orderNo, 'o.user_id': userId })
    .first('o.order_no', 'o.is_gift', 'o.status', 'o.item_type', 'o.item_id', 'o.title', 'g.claim_token', 'g.claimed_by', 'g.claimed_at');
  if (!row || !row.is_gift) throw new AppError('NOT_FOUND', '礼物订单不存在');
  if (!row.claim_token) throw new AppError('ORDER_NOT_PAYABLE', '礼物订单尚未支付，支付后才能分享领取链接');
  return {
    orderNo: String(row.order_no),
    claimToken: String(row.claim_token),
    status: row.claimed_by === null || row.claimed_by === undefined ? 'unclaimed' : 'claimed',
    claimedAt: toIso(row.claimed_at),
    itemType: row.item_type,
    itemId: Number(row.item_id),
    title: String(row.title),
  };
}

/** What a claim link shows before it is claimed (the gift card page): title and whether it is still open. */
export async function previewGift(ctx: Pick<ServiceContext, 'db'>, token: string) {
  const row = await giftByToken(ctx.db, token);
  return {
    itemType: row.item_type as ItemType,
    itemId: Number(row.item_id),
    title: String(row.title),
    status: row.claimed_by === null || row.claimed_by === undefined ? 'unclaimed' : 'claimed',
  };
}

async function giftByToken(db: Knex | Knex.Transaction, token: string, lock = false) {
  const q = db('gifts as g')
    .join('orders as o', 'o.id', 'g.order_id')
    .where('g.claim_token', token)
    .select('g.id', 'g.buyer_id', 'g.claimed_by', 'o.order_no', 'o.status', 'o.item_type', 'o.item_id', 'o.title');
  const row = await (lock ? forUpdate(db as Knex, q) : q).first();
  // A refunded gift's link is dead: the same answer as a token that never existed.
  if (!row || row.status !== 'paid') throw new AppError('NOT_FOUND', '礼物不存在或已失效');
  return row;
}

/**
 * Learner `gift.claim`: the conditional update `claimed_by IS NULL → caller` and the grant commit
 * together, so of two concurrent claims one wins and the other gets CONFLICT. The grant's source
 * is the gift order, so a refund of it revokes the friend's access.
 */
export async function claimGift(ctx: LearnerCtx, token: string): Promise<{ itemType: ItemType; itemId: number; expiresAt: string | null }> {
  const userId = await ctx.actor.learnerId();
  const { now } = ctx;
  return inTransaction(ctx.db, async (trx) => {
    const gift = await giftByToken(trx, token, true);
    if (Number(gift.buyer_id) === userId) throw new AppError('FORBIDDEN', '不能领取自己送出的礼物');
    if (gift.claimed_by !== null && gift.claimed_by !== undefined) throw new AppError('CONFLICT', '礼物已被领取');
    const took = await trx('gifts').where({ id: gift.id }).whereNull('claimed_by').update({ claimed_by: userId, claimed_at: now });
    if (took !== 1) throw new AppError('CONFLICT', '礼物已被领取');
    const itemType = gift.item_type as ItemType;
    let days: number | null = null;
    if (itemType === 'membership') {
      days = await planDurationDays(trx, Number(gift.item_id));
      if (days === null) throw new AppError('NOT_FOUND', '礼物中的会员方案已不存在');
    }
    const granted = await grantEntitlement(trx, now, {
      userId,
      scope: itemType,
      itemId: Number(gift.item_id),
      source: GIFT_SOURCE,
      sourceId: String(gift.order_no),
      days,
    });
    return { itemType, itemId: Number(gift.item_id), expiresAt: granted.expiresAt ? granted.expiresAt.toISOString() : null };
  });
}
