import { z } from 'zod';
import { defineFunction } from '../../server/runtime/define-function';
import { cloudHost } from '../../server/platform/cloud-host';
import { action, learner } from '../../server/runtime/action';
import { Cursor, Id, Limit } from '../../server/runtime/schemas';
import * as orders from '../../server/domain/orders/order.service';
import { redeemCode } from '../../server/domain/orders/redeem.service';
import { ItemType, OrderNo, OrderStatus, RedeemCodeInput } from '../../server/domain/orders/order.schemas';
import { cloudPayments } from '../../server/platform/ports/payments.cloud';

export const main = defineFunction(
  'order',
  {
    create: action({
      summary: '下单（价格由服务端决定：原价 → 限时价 → 优惠券，最低 1 分；可送礼；重复下单返回同一笔待支付订单）',
      audience: learner,
      input: z.strictObject({ itemType: ItemType, itemId: Id, userCouponId: Id.optional(), asGift: z.boolean().optional() }),
      handler: (ctx, input) => orders.createOrder(ctx, input),
    }),
    get: action({
      summary: '查看自己的订单',
      audience: learner,
      input: z.strictObject({ orderNo: OrderNo }),
      handler: (ctx, input) => orders.getOrder(ctx, input.orderNo),
    }),
    list: action({
      summary: '我的订单（游标分页，新的在前）',
      audience: learner,
      input: z.strictObject({
        status: OrderStatus.optional(),
        cursor: Cursor.optional(),
        limit: Limit(50, 20),
      }),
      handler: (ctx, input) => orders.listOrders(ctx, input),
    }),
    cancel: action({
      summary: '取消待支付订单',
      audience: learner,
      input: z.strictObject({ orderNo: OrderNo }),
      handler: (ctx, input) => orders.cancelOrder(ctx, input.orderNo),
    }),
    redeem: action({
      summary: '使用兑换码',
      audience: learner,
      input: z.strictObject({ code: RedeemCodeInput }),
      handler: (ctx, input) => redeemCode(ctx, input.code),
    }),
  },
  { cloudPorts: { payments: cloudPayments }, cloud: cloudHost },
);
