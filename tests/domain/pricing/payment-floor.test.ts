import { createHarness, type Harness } from '../../support/harness';
import { insertColumn } from '../../support/fixtures';
import { serviceContext } from '../../support/service-context';
import { createOrder } from '../../../server/domain/orders/order.service';
import type { PaymentGateway } from '../../../server/ports/payment-gateway';

/** A payment path with a floor (virtual payment's 40 % of goodsPrice) is applied by the one price rule. */
describe('payment-path floor in order.create', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  it('a 90 %-off coupon on a path that accepts no less than 40 % of the list price charges the floor', async () => {
    const now = h.clock.now();
    const column = await insertColumn(h.db, now, { price_fen: 1000 });
    const [couponId] = await h.db('coupons').insert({
      title: '九折扣',
      discount_type: 'percent',
      percent_off: 90,
      min_spend_fen: 0,
      stock: 1,
      claimed: 1,
      per_user_limit: 1,
      status: 'active',
      created_at: now,
      updated_at: now,
    });
    const ctx = serviceContext(h, { openid: 'floor-buyer' });
    const userId = await ctx.actor.learnerId();
    const [ucId] = await h
      .db('user_coupons')
      .insert({ coupon_id: couponId, user_id: userId, status: 'unused', claimed_at: now, updated_at: now });
    const withFloor: PaymentGateway = Object.assign(Object.create(h.deps.payments), {
      minAmountFen: (listFen: number) => Math.ceil(listFen * 0.4),
    });
    const order = await createOrder(
      { ...ctx, ports: { ...ctx.ports, payments: withFloor } },
      { itemType: 'column', itemId: column, userCouponId: Number(ucId) },
    );
    expect(order).toMatchObject({ originalFen: 1000, discountFen: 600, amountFen: 400 });
  });
});
