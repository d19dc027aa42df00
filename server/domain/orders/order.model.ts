import { randomBytes } from 'node:crypto';
import { toBool, toDate, toIso, toNum } from '../../db/values';

import { ITEM_TYPES, type ItemType } from '../catalog/items';
export { ITEM_TYPES, type ItemType };
export const ORDER_STATUSES = ['pending', 'paid', 'closed', 'refunded'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** DESIGN.md: unpaid orders close after 30 minutes. */
export const ORDER_TTL_MS = 30 * 60 * 1000;
export const DAY_MS = 24 * 3600 * 1000;

/** API.md `Order`. */
export interface Order {
  orderNo: string;
  itemType: ItemType;
  itemId: number;
  title: string;
  amountFen: number;
  /** The price before the coupon (the live limited-time price, else the list price). */
  originalFen: number;
  /** What the coupon took off; amountFen = originalFen − discountFen, never below 1 fen. */
  discountFen: number;
  /** The learner's coupon this order locks (pending) or spent (paid), if any. */
  userCouponId: number | null;
  /** A gift order grants nothing to its buyer; its claim link does (`gift.get`). */
  isGift: boolean;
  status: OrderStatus;
  createdAt: string;
  expiresAt: string;
  paidAt: string | null;
}

export interface OrderRow {
  id: number;
  order_no: string;
  user_id: number;
  item_type: ItemType;
  item_id: number;
  title: string;
  amount_fen: number;
  original_fen?: number | null;
  discount_fen?: number | null;
  user_coupon_id?: number | null;
  promotion_id?: number | null;
  is_gift?: unknown;
  pending_key?: string | null;
  status: OrderStatus;
  provider: string;
  transaction_id: string | null;
  created_at: unknown;
  expires_at: unknown;
  paid_at: unknown;
  closed_at: unknown;
  refunded_at: unknown;
}

export function toOrder(row: OrderRow): Order {
  return {
    orderNo: String(row.order_no),
    itemType: row.item_type,
    itemId: Number(row.item_id),
    title: String(row.title),
    amountFen: toNum(row.amount_fen),
    // Orders from before prices had parts were charged their original price.
    originalFen: row.original_fen === null || row.original_fen === undefined ? toNum(row.amount_fen) : toNum(row.original_fen),
    discountFen: toNum(row.discount_fen),
    userCouponId: row.user_coupon_id === null || row.user_coupon_id === undefined ? null : Number(row.user_coupon_id),
    isGift: toBool(row.is_gift),
    status: row.status,
    createdAt: toIso(row.created_at)!,
    expiresAt: toIso(row.expires_at)!,
    paidAt: toIso(row.paid_at),
  };
}

export const isExpired = (row: OrderRow, now: Date) => toDate(row.expires_at)!.getTime() <= now.getTime();

/**
 * `yyyyMMddHHmmss` (UTC, for support staff reading logs) + 16 hex chars of crypto randomness:
 * 30 chars (WeChat's out_trade_no allows 32), and 64 random bits nobody can guess or enumerate.
 */
export function newOrderNo(now: Date): string {
  return now.toISOString().replace(/[-:T]/g, '').slice(0, 14) + randomBytes(8).toString('hex');
}

/** The one pending order a learner may hold per item (orders.pending_key is unique). */
export const pendingKey = (userId: number, itemType: ItemType, itemId: number, asGift = false) =>
  `${userId}:${itemType}:${itemId}${asGift ? ':gift' : ''}`;
