import { z } from 'zod';
import { defineFunction } from '../../server/runtime/define-function';
import { cloudHost } from '../../server/platform/cloud-host';
import { action, anyone, learner } from '../../server/runtime/action';
import { Id } from '../../server/runtime/schemas';
import { ItemType } from '../../server/domain/orders/order.schemas';
import * as coupons from '../../server/domain/coupons/coupon.service';
import { claimableCoupons } from '../../server/domain/coupons/coupons.admin';

const UserCouponStatus = z.enum(['unused', 'locked', 'used', 'expired']);

export const main = defineFunction(
  'coupon',
  {
    claim: action({
      summary: '领取优惠券（库存与每人限领在并发下也不会超发）',
      audience: learner,
      input: z.strictObject({ couponId: Id }),
      handler: (ctx, input) => coupons.claimCoupon(ctx, input.couponId),
    }),
    mine: action({
      summary: '我的优惠券（新领的在前；可按状态筛选）',
      audience: learner,
      input: z.strictObject({ status: UserCouponStatus.optional() }),
      handler: (ctx, input) => coupons.myCoupons(ctx, input.status),
    }),
    available: action({
      summary: '下单时可用于该商品的优惠券，优惠最多的在前',
      audience: learner,
      input: z.strictObject({ itemType: ItemType, itemId: Id }),
      handler: (ctx, input) => coupons.availableCoupons(ctx, input),
    }),
    claimable: action({
      summary: '可领取的优惠券（领券中心；传商品时只列适用于它的）',
      audience: anyone,
      input: z.strictObject({ itemType: ItemType.optional(), itemId: Id.optional() }),
      handler: (ctx, input) =>
        claimableCoupons(ctx, input.itemType && input.itemId ? { itemType: input.itemType, itemId: input.itemId } : undefined),
    }),
  },
  { cloud: cloudHost },
);
