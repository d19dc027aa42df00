import { toDate, toIso, toNum } from '../../db/values';
import type { Discount } from '../pricing/price.policy';
import type { ItemType } from '../catalog/items';

/** API.md `Coupon`. */
export interface Coupon {
  id: number;
  title: string;
  discount: Discount;
  minSpendFen: number;
  itemType: ItemType | null;
  itemId: number | null;
  stock: number;
  claimed: number;
  used: number;
  perUserLimit: number;
  startsAt: string | null;
  endsAt: string | null;
  status: 'active' | 'stopped';
}

export type UserCouponStatus = 'unused' | 'locked' | 'used' | 'expired';

/** API.md `UserCoupon`. */
export interface UserCoupon {
  id: number;
  coupon: Coupon;
  status: UserCouponStatus;
  claimedAt: string;
}

export type CouponRow = Record<string, any>;

export const discountOf = (row: CouponRow): Discount =>
  row.discount_type === 'percent'
    ? { type: 'percent', percentOff: toNum(row.percent_off) }
    : { type: 'amount', amountFen: toNum(row.amount_fen) };

export function toCoupon(row: CouponRow, used = 0): Coupon {
  return {
    id: Number(row.id),
    title: String(row.title),
    discount: discountOf(row),
    minSpendFen: toNum(row.min_spend_fen),
    itemType: (row.item_type ?? null) as ItemType | null,
    itemId: row.item_id === null || row.item_id === undefined ? null : Number(row.item_id),
    stock: toNum(row.stock),
    claimed: toNum(row.claimed),
    used,
    perUserLimit: toNum(row.per_user_limit),
    startsAt: toIso(row.starts_at),
    endsAt: toIso(row.ends_at),
    status: row.status === 'stopped' ? 'stopped' : 'active',
  };
}

/** Why a coupon cannot be used or claimed right now, or null when its window is open and it runs. */
export function windowProblem(row: CouponRow, now: Date): 'stopped' | 'not_started' | 'ended' | null {
  if (row.status !== 'active') return 'stopped';
  const starts = toDate(row.starts_at);
  const ends = toDate(row.ends_at);
  if (starts && starts.getTime() > now.getTime()) return 'not_started';
  if (ends && ends.getTime() <= now.getTime()) return 'ended';
  return null;
}

/** Scope: every item, every item of one type, or one item. */
export function coversItem(row: CouponRow, itemType: ItemType, itemId: number): boolean {
  if (row.item_type === null || row.item_type === undefined) return true;
  if (row.item_type !== itemType) return false;
  return row.item_id === null || row.item_id === undefined || Number(row.item_id) === itemId;
}

/** A held coupon reads `expired` once its coupon ended or was stopped; locked and used say what happened to it. */
export function userCouponStatus(ucStatus: string, coupon: CouponRow, now: Date): UserCouponStatus {
  if (ucStatus === 'used') return 'used';
  if (ucStatus === 'locked') return 'locked';
  const problem = windowProblem(coupon, now);
  return problem === 'stopped' || problem === 'ended' ? 'expired' : 'unused';
}
