import { call } from './api';
import type { ItemType, OrderStatus } from './types';

/**
 * `userCouponId` / `asGift`: the selling tools (issue 15). `termsVersion`: the purchase terms the
 * learner explicitly agreed to (recorded on the order). Repeating a create with the same coupon
 * returns the same pending order.
 */
export const create = (
  itemType: ItemType,
  itemId: number,
  extra: { userCouponId?: number; asGift?: boolean; termsVersion?: string } = {},
) => call('order', 'create', { itemType, itemId, ...extra });
/** What `create` would charge (same rule, same refusals), creating and locking nothing: checkout shows it on open. */
export const quote = (itemType: ItemType, itemId: number, extra: { userCouponId?: number; asGift?: boolean } = {}) =>
  call('order', 'quote', { itemType, itemId, ...extra });
export const get = (orderNo: string) => call('order', 'get', { orderNo });
export const list = (input: { status?: OrderStatus; cursor?: string } = {}) => call('order', 'list', input);
export const cancel = (orderNo: string) => call('order', 'cancel', { orderNo });
export const redeem = (code: string) => call('order', 'redeem', { code });
