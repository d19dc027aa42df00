import { z } from 'zod';
import { ITEM_TYPES, ORDER_STATUSES } from './order.model';

export const ItemType = z.enum(ITEM_TYPES);
export const OrderStatus = z.enum(ORDER_STATUSES);

/** Our order numbers: 30 chars of digits and lowercase hex (≤ 32 as WeChat allows). */
export const OrderNo = z.string().regex(/^[0-9a-z]{20,32}$/, '订单号格式不正确');

/** Learners type codes by hand: spaces and dashes are ignored, case does not matter. */
export const RedeemCodeInput = z
  .string()
  .max(40)
  .transform((s) => s.replace(/[\s-]/g, '').toUpperCase())
  .pipe(z.string().regex(/^[0-9A-Z]{8,32}$/, '兑换码格式不正确'));
