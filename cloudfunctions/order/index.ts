import { z } from 'zod';
import { defineFunction } from '../../server/runtime/define-function';
import { cloudHost } from '../../server/platform/cloud-host';
import { action, learner } from '../../server/runtime/action';
import { Cursor, Id, Limit } from '../../server/runtime/schemas';
import * as orders from '../../server/domain/orders/order.service';
import * as payment from '../../server/domain/payments/payment.service';
import { redeemCode } from '../../server/domain/orders/redeem.service';
import { ItemType, OrderNo, OrderStatus, RedeemCodeInput } from '../../server/domain/orders/order.schemas';
import { cloudPayments } from '../../server/platform/ports/payments.cloud';
import { checkPurchaseTerms, recordPurchaseTerms } from '../../server/domain/settings/terms';

export const main = defineFunction(
  'order',
  {
    create: action({
      summary:
        '下单（价格由服务端决定：原价 → 限时价 → 优惠券，最低 1 分；可送礼；重复下单返回同一笔待支付订单）；termsVersion 为学员同意的购买须知版本',
      audience: learner,
      input: z.strictObject({
        itemType: ItemType,
        itemId: Id,
        userCouponId: Id.optional(),
        asGift: z.boolean().optional(),
        termsVersion: z.string().max(32).optional(),
      }),
      handler: async (ctx, { termsVersion, ...input }) => {
        // Digital goods waive the 7-day return only with explicit consent: the accepted version is kept on the order.
        if (termsVersion !== undefined) await checkPurchaseTerms(ctx.deps.db, termsVersion);
        const order = await orders.createOrder(ctx, input);
        if (termsVersion !== undefined) await recordPurchaseTerms(ctx.deps.db, order.orderNo, termsVersion);
        return order;
      },
    }),
    quote: action({
      summary:
        '报价：与下单同一价格规则（原价 → 限时价 → 优惠券，最低 1 分）与同样的拒绝（不存在、不出售、已拥有、优惠券不可用），不创建订单也不锁定优惠券；确认页打开时调用，点击支付才下单',
      audience: learner,
      input: z.strictObject({
        itemType: ItemType,
        itemId: Id,
        userCouponId: Id.optional(),
        asGift: z.boolean().optional(),
      }),
      handler: (ctx, input) => orders.quoteOrder(ctx, input),
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
      handler: async (ctx, input) => {
        const order = await orders.cancelOrder(ctx, input.orderNo);
        // The trade may still be open at the gateway: close it there now if cloud pay allows, else the timer will.
        await payment.closeTradeSoon(ctx.deps, ctx.now, input.orderNo);
        return order;
      },
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
