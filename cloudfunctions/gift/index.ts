import { z } from 'zod';
import { defineFunction } from '../../server/runtime/define-function';
import { cloudHost } from '../../server/platform/cloud-host';
import { action, anyone, learner } from '../../server/runtime/action';
import { OrderNo } from '../../server/domain/orders/order.schemas';
import * as gifts from '../../server/domain/gifts/gift.service';

/** Claim tokens are 24 lowercase hex chars; anything else cannot be one. */
const ClaimToken = z.string().regex(/^[0-9a-f]{24}$/, '领取链接不正确');

export const main = defineFunction(
  'gift',
  {
    get: action({
      summary: '送礼人查看礼物订单的领取链接与领取状态（支付后）',
      audience: learner,
      input: z.strictObject({ orderNo: OrderNo }),
      handler: (ctx, input) => gifts.getGift(ctx, input.orderNo),
    }),
    preview: action({
      summary: '领取页展示：礼物内容与是否已被领取',
      audience: anyone,
      input: z.strictObject({ token: ClaimToken }),
      handler: (ctx, input) => gifts.previewGift(ctx, input.token),
    }),
    claim: action({
      summary: '领取礼物（每个链接只能领取一次；不能领取自己送出的礼物）',
      audience: learner,
      input: z.strictObject({ token: ClaimToken }),
      handler: (ctx, input) => gifts.claimGift(ctx, input.token),
    }),
  },
  { cloud: cloudHost },
);
