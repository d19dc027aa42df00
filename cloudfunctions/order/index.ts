import { z } from 'zod';
import { defineFunction } from '../../server/runtime/define-function';
import { action, learner } from '../../server/runtime/action';
import { serviceContextOf } from '../../server/domain/service-context-bridge';
import { Cursor, Id, ItemType, Limit } from '../../server/runtime/schemas';
import * as orders from '../../server/domain/orders/order.service';
import { redeemCode } from '../../server/domain/orders/redeem.service';
import { OrderNo, RedeemCodeInput } from '../../server/domain/orders/order.schemas';
import { cloudPayments } from '../../server/platform/ports/payments.cloud';

export const main = defineFunction('order', {
  create: action({
    summary: '下单（价格由服务端决定；重复下单返回同一笔待支付订单）',
    audience: learner,
    input: z.strictObject({ itemType: ItemType, itemId: Id }),
    handler: (ctx, input) => orders.createOrder(serviceContextOf(ctx), input),
  }),
  get: action({
    summary: '查看自己的订单',
    audience: learner,
    input: z.strictObject({ orderNo: OrderNo }),
    handler: (ctx, input) => orders.getOrder(serviceContextOf(ctx), input.orderNo),
  }),
  list: action({
    summary: '我的订单（游标分页，新的在前）',
    audience: learner,
    input: z.strictObject({
      status: z.enum(['pending', 'paid', 'closed', 'refunded']).optional(),
      cursor: Cursor.optional(),
      limit: Limit(50, 20),
    }),
    handler: (ctx, input) => orders.listOrders(serviceContextOf(ctx), input),
  }),
  cancel: action({
    summary: '取消待支付订单',
    audience: learner,
    input: z.strictObject({ orderNo: OrderNo }),
    handler: (ctx, input) => orders.cancelOrder(serviceContextOf(ctx), input.orderNo),
  }),
  redeem: action({
    summary: '使用兑换码',
    audience: learner,
    input: z.strictObject({ code: RedeemCodeInput }),
    handler: (ctx, input) => redeemCode(serviceContextOf(ctx), input.code),
  }),
}, { cloudPorts: { payments: cloudPayments } });
