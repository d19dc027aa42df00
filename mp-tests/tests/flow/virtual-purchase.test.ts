import { createMpApp, type MpApp } from '../support/mp';
import { columnId } from '../support/seed';
import { hashPassword } from '../../../server/domain/staff/password';

/**
 * The purchase on 小程序虚拟支付 (PAY_PROVIDER=xpay-sandbox), through the real pages and functions:
 * order confirm → pay.prepay (signed short_series_goods params) → wx.requestVirtualPayment (faked
 * at the wx boundary: the sandbox platform delivers its encrypted push to the real pay-notify) →
 * pay.confirm → access; a CMS refund takes it away. iOS buys through it from ¥1.
 */
describe('virtual payment purchase flow (xpay-sandbox)', () => {
  let app: MpApp;
  let photo: number;

  beforeAll(async () => {
    app = await createMpApp({ openid: 'xpay-mp-learner', payProvider: 'xpay-sandbox' });
    photo = await columnId(app.h.db, '手机摄影入门');
  });
  afterAll(() => app.close());
  afterEach(() => {
    app.fake.paySheet = 'pay';
    app.fake.platform = 'android';
    app.mp('services/platform').resetPolicyCache();
  });

  const ownerToken = async () => {
    const now = app.h.clock.now();
    if (!(await app.h.db('admins').where('username', 'mp-owner').first('id'))) {
      await app.h.db('admins').insert({
        username: 'mp-owner',
        password_hash: await hashPassword('correct-horse-9'),
        role: 'owner',
        status: 'active',
        failed_logins: 0,
        created_at: now,
        updated_at: now,
      });
    }
    return (await app.h.ok('admin', 'login', { username: 'mp-owner', password: 'correct-horse-9' })).token as string;
  };

  it('buys through wx.requestVirtualPayment, gets access, and a refund takes it away', async () => {
    const confirm = await app.open(`/pages/order/confirm/index?itemType=column&itemId=${photo}`);
    expect(confirm.page.data.status).toBe('ok');
    const quoted = confirm.page.data.amountFen;
    await confirm.tap('.pay');
    const order = confirm.page.data.order;
    // The quote shown on open (virtual payment's floor included) is what the order charges.
    expect(order.amountFen).toBe(quoted);
    expect(app.fake.payments).toHaveLength(0); // not wx.requestPayment
    expect(app.fake.virtualPayments).toHaveLength(1);
    const params = app.fake.virtualPayments[0];
    expect(params).toMatchObject({
      mode: 'short_series_goods',
      paySig: expect.stringMatching(/^[0-9a-f]{64}$/),
      signature: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(typeof params.signData).toBe('string');
    expect(JSON.parse(params.signData as string)).toMatchObject({
      productId: `col_${photo}`,
      goodsPrice: order.amountFen,
      outTradeNo: order.orderNo,
    });
    expect(confirm.page.data.stage).toBe('paid');
    expect(confirm.text()).toContain('支付成功');
    expect((await app.h.ok('catalog', 'column', { columnId: photo }, { openid: 'xpay-mp-learner' })).owned).toBe(true);
    const verdicts = (await app.h.db('payment_events').where('order_no', order.orderNo).orderBy('id')).map((e: any) => e.verdict);
    expect(verdicts[0]).toBe('settled');

    const bearer = await ownerToken();
    expect((await app.h.ok('admin', 'order.refund', { orderNo: order.orderNo, reason: '学员申请' }, { bearer })).status).toBe('refunded');
    const column = await app.open(`/pages/column/detail/index?id=${photo}`);
    expect(column.page.data.owned).toBe(false);
  });

  it('a cancelled virtual-payment cashier keeps the order payable', () =>
    app.as('xpay-mp-cancel', async () => {
      const confirm = await app.open(`/pages/order/confirm/index?itemType=column&itemId=${photo}`);
      app.fake.paySheet = 'cancel';
      await confirm.tap('.pay');
      expect(confirm.text()).toContain('你已取消支付');
      app.fake.paySheet = 'pay';
      await confirm.tap('.pay');
      expect(confirm.page.data.stage).toBe('paid');
    }));

  it('iOS shows prices and buys through virtual payment; below ¥1 the guidance stays', () =>
    app.as('xpay-mp-ios', async () => {
      app.fake.platform = 'ios';
      const confirm = await app.open(`/pages/order/confirm/index?itemType=column&itemId=${photo}`);
      expect(confirm.page.data.status).toBe('ok');
      await confirm.tap('.pay');
      expect(confirm.page.data.stage).toBe('paid');

      const now = app.h.clock.now();
      const [cheap] = await app.h.db('columns').insert({
        title: '五毛专栏',
        subtitle: '',
        intro: '',
        cover: '',
        price_fen: 50,
        member_included: false,
        status: 'published',
        sort: 99,
        created_at: now,
        updated_at: now,
      });
      app.mp('services/platform').resetPolicyCache();
      const below = await app.open(`/pages/order/confirm/index?itemType=column&itemId=${Number(cheap)}`);
      expect(below.page.data.status).toBe('error');
      expect(below.text()).toContain('iOS');
    }));
});
