import { call } from './api';
import type { ItemType, OrderStatus } from './types';

/** `termsVersion`: the purchase terms the learner explicitly agreed to (recorded on the order). */
export const create = (itemType: ItemType, itemId: number, termsVersion?: string) =>
  call('order', 'create', termsVersion ? { itemType, itemId, termsVersion } : { itemType, itemId });
export const get = (orderNo: string) => call('order', 'get', { orderNo });
export const list = (input: { status?: OrderStatus; cursor?: string } = {}) => call('order', 'list', input);
export const cancel = (orderNo: string) => call('order', 'cancel', { orderNo });
export const redeem = (code: string) => call('order', 'redeem', { code });
