import { z } from 'zod';
import { defineFunction } from '../../server/runtime/define-function';
import { cloudHost } from '../../server/platform/cloud-host';
import { action, learner, platform } from '../../server/runtime/action';
import * as payment from '../../server/domain/payments/payment.service';
import { OrderNo } from '../../server/domain/orders/order.schemas';
import { cloudPayments } from '../../server/platform/ports/payments.cloud';

export const main = defineFunction(
  'pay',
  {
    prepay: action({
      summary: '为自己的待支付订单发起支付，返回 wx.requestPayment 参数（沙箱另给收银台地址）',
      audience: learner,
      input: z.strictObject({ orderNo: OrderNo }),
      handler: async (ctx, input) =>
        payment.prepay(
          ctx.deps,
          { userId: await ctx.actor.learnerId(), openid: ctx.caller.openid!, clientIp: ctx.caller.clientIp, now: ctx.now },
          input.orderNo,
        ),
    }),
    confirm: action({
      summary: '支付完成后向支付平台查询并结算（补偿丢失的回调）',
      audience: learner,
      input: z.strictObject({ orderNo: OrderNo }),
      handler: async (ctx, input) => payment.confirm(ctx.deps, { userId: await ctx.actor.learnerId(), now: ctx.now }, input.orderNo),
    }),
    reconcile: action({
      summary: '对账（定时触发器，每分钟）：查询并结算已付款订单，关闭超时订单',
      audience: platform('wx_trigger'),
      input: z.strictObject({}),
      handler: async (ctx) => payment.reconcile(ctx.deps, ctx.now),
    }),
  },
  { timerAction: 'reconcile', cloudPorts: { payments: cloudPayments }, cloud: cloudHost },
);
