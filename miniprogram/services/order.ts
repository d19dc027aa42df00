import { call } from './api';
import type { ItemType, Order, Page, OrderStatus } from './types';

export const create = (itemType: ItemType, itemId: number) => call<Order>('order', 'create', { itemType, itemId });
export const get = (orderNo: string) => call<Order>('order', 'get', { orderNo });
export const list = (input: { status?: OrderStatus; cursor?: string } = {}) => call<Page<Order>>('order', 'list', input);
export const cancel = (orderNo: string) => call<Order>('order', 'cancel', { orderNo });
export const redeem = (code: string) =>
  call<{ itemType: ItemType; itemId: number; expiresAt: string | null }>('order', 'redeem', { code });
