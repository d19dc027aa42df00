import type { PaySheet } from '../support/fake-wx';
import { createMpApp, type MpApp, type Rendered } from '../support/mp';
import { columnId } from '../support/seed';

/**
 * The learner's whole purchase, page by page, against the real functions: home → column →
 * article (preview + paywall) → order confirm (order.quote only) → tap pay: order.create → pay.prepay → wx.requestPayment
 * (the sandbox settles through the real pay-notify) → pay.confirm → the article shows its body.
 */
describe('purchase flow', () => {
  let app: MpApp;
  let learning: number;

  beforeAll(async () => {
    app = await createMpApp({ openid: 'flow-learner' });
    learning = await columnId(app.h.db, '高效学习的科学');
  });
  afterAll(() => app.close());
  afterEach(() => {
    app.fake.online = true;
    app.fake.paySheet = 'pay';
    app.mp('config/index').setConfig({ mode: 'cloud' });
  });

  it('home → column → article preview → buy the column → pay → the full article', async () => {
    const home = await app.open('/pages/home/index/index');
    const cardIndex = home.page.data.columns.findIndex((c: any) => c.id === learning);
    await home.tap('.col-card >>> .card', cardIndex);
    const column = await app.open(app.lastRoute());
    expect(column.text()).toContain('订阅专栏 ¥99');

    const articles = column.page.data.chapters.flatMap((c: any) => c.articles);
    const lockedIndex = articles.findIndex((a: any) => a.locked && a.hasAudio);
    const locked = articles[lockedIndex];
    await column.tap('.art-item >>> .item', lockedIndex);
    const reader = await app.open(app.lastRoute());
    expect(reader.page.data.granted).toBe(false);
    expect(reader.page.data.html).not.toContain('付费正文');
    expect(reader.page.data.audio).toBeNull();
    expect(reader.count('paywall')).toBeGreaterThan(0);

    const columnOption = reader.page.data.purchaseOptions.findIndex((o: any) => o.itemType === 'column');
    await reader.tap('#paywall >>> .option', columnOption);
    expect(app.lastRoute()).toBe(`/pages/order/confirm/index?itemType=column&itemId=${learning}`);

    const confirm = await app.open(app.lastRoute());
    expect(confirm.page.data.status).toBe('ok');
    // Opening checkout shows the server's quote and creates nothing.
    expect(confirm.page.data.order.orderNo).toBeUndefined();
    expect(confirm.page.data.amountFen).toBe(9900);
    expect(confirm.text()).toContain('¥99');
    expect(confirm.text()).toContain('专栏订阅');

    await confirm.tap('.pay');
    const order = confirm.page.data.order;
    expect(order).toMatchObject({ itemType: 'column', itemId: learning, amountFen: 9900 });
    expect(app.fake.payments).toHaveLength(1);
    expect(app.fake.payments[0]).toMatchObject({ package: expect.stringContaining(order.orderNo), paySign: expect.any(String) });
    expect(app.fake.calls.map((c) => `${c.name}.${c.action}`)).toEqual(
      expect.arrayContaining(['order.create', 'pay.prepay', 'pay.confirm']),
    );
    expect(confirm.page.data.stage).toBe('paid');
    expect(confirm.text()).toContain('支付成功');
    expect((await app.h.ok('order', 'get', { orderNo: order.orderNo }, { openid: 'flow-learner' })).status).toBe('paid');
    // Settled exactly once, through the platform callback.
    expect(
      await app.h.db('entitlements').where({ scope: 'column', item_id: learning, source: 'order' }).count('* as n').first(),
    ).toMatchObject({ n: 1 });

    await confirm.tap('.start');
    expect(app.fake.navigations.at(-1)).toMatchObject({ kind: 'navigateBack' });
    await reader.page.onShow();
    await app.settle();
    expect(reader.page.data.granted).toBe(true);
    expect(reader.page.data.html).toContain('付费正文');
    expect(reader.page.data.audio.url).toBeTruthy();
    expect(reader.count('paywall')).toBe(0);
    expect(reader.text()).toContain('已订阅专栏');

    await column.page.onShow();
    await app.settle();
    expect(column.page.data.owned).toBe(true);
    expect(column.count('lock')).toBe(0);
    expect(locked.id).toBeGreaterThan(0);

    const orders = await app.open('/pages/account/orders/index');
    expect(orders.text()).toContain('已支付');
    expect(orders.text()).toContain('高效学习的科学');
  });

  /** The order page for a column, as its paywall option opens it. */
  const openColumnCheckout = async (title: string) =>
    app.open(`/pages/order/confirm/index?itemType=column&itemId=${await columnId(app.h.db, title)}`);

  /** The learner taps 支付 and then does `sheet` in the WeChat Pay sheet. */
  const pay = async (confirm: Rendered, sheet: PaySheet) => {
    app.fake.paySheet = sheet;
    await confirm.tap('.pay');
  };

  it('a cancelled payment keeps the order pending; paying again settles it', () =>
    app.as('flow-cancel', async () => {
      const confirm = await openColumnCheckout('产品经理的 30 堂课');
      await pay(confirm, 'cancel');
      expect(confirm.text()).toContain('你已取消支付');
      expect(confirm.page.data.stage).toBe('unpaid');
      const orderNo = confirm.page.data.order.orderNo;
      expect((await app.h.ok('order', 'get', { orderNo }, { openid: 'flow-cancel' })).status).toBe('pending');

      // Coming back later and paying re-uses the same pending order (order.create is idempotent).
      const again = await openColumnCheckout('产品经理的 30 堂课');
      await pay(again, 'pay');
      expect(again.page.data.order.orderNo).toBe(orderNo);
      expect(again.page.data.stage).toBe('paid');
    }));

  it('a failed payment and a dropped network each say what happened and leave the order payable', () =>
    app.as('flow-fail', async () => {
      const confirm = await openColumnCheckout('手机摄影入门');
      await pay(confirm, 'fail');
      expect(confirm.text()).toContain('支付未完成');
      app.fake.online = false;
      await confirm.tap('.pay');
      expect(confirm.text()).toContain('网络不给力');
      app.fake.online = true;
      await pay(confirm, 'pay');
      expect(confirm.page.data.stage).toBe('paid');
    }));

  it('opening the checkout creates no order (and locks no coupon); tapping pay creates exactly one', () =>
    app.as('flow-once', async () => {
      const mine = async () =>
        app.h.db('orders as o').join('users as u', 'u.id', 'o.user_id').where('u.openid', 'flow-once').select('o.order_no', 'o.status');
      const calls = app.fake.calls.length;
      const confirm = await openColumnCheckout('手机摄影入门');
      expect(confirm.page.data.status).toBe('ok');
      expect(confirm.page.data.amountText).toMatch(/^¥/);
      const opened = app.fake.calls.slice(calls).map((c) => `${c.name}.${c.action}`);
      expect(opened).toContain('order.quote');
      expect(opened).not.toContain('order.create');
      expect(await mine()).toEqual([]);
      expect(confirm.text()).not.toContain('订单号');
      // Leaving without paying leaves nothing behind.
      await confirm.tap('.cancel-order');
      expect(app.fake.navigations.at(-1)).toMatchObject({ kind: 'navigateBack' });
      expect(await mine()).toEqual([]);

      const again = await openColumnCheckout('手机摄影入门');
      await pay(again, 'cancel');
      expect(await mine()).toEqual([{ order_no: again.page.data.order.orderNo, status: 'pending' }]);
      expect(again.text()).toContain('订单号');
      await pay(again, 'pay');
      expect(again.page.data.stage).toBe('paid');
      expect(await mine()).toEqual([{ order_no: again.page.data.order.orderNo, status: 'paid' }]);
    }));

  it('buying what is already owned is refused with a clear message', async () => {
    const confirm = await app.open(`/pages/order/confirm/index?itemType=column&itemId=${learning}`);
    expect(confirm.page.data.status).toBe('error');
    expect(confirm.text()).toContain('你已拥有该内容');
  });

  it('cancelling an order closes it and goes back', () =>
    app.as('flow-close', async () => {
      const confirm = await openColumnCheckout('产品经理的 30 堂课');
      await pay(confirm, 'cancel');
      const orderNo = confirm.page.data.order.orderNo;
      await confirm.tap('.cancel-order');
      expect((await app.h.ok('order', 'get', { orderNo }, { openid: 'flow-close' })).status).toBe('closed');
      expect(app.fake.navigations.at(-1)).toMatchObject({ kind: 'navigateBack' });
    }));

  it('local mode: the sandbox order opens the emulator cashier, and returning confirms the payment', async () => {
    app.mp('config/index').setConfig({ mode: 'local', devOpenid: 'flow-local' });
    const confirm = await openColumnCheckout('手机摄影入门');
    await confirm.tap('.pay');
    const orderNo = confirm.page.data.order.orderNo;
    expect(app.fake.payments).not.toContainEqual(expect.objectContaining({ package: expect.stringContaining(orderNo) }));
    expect(app.lastRoute()).toMatch(new RegExp(`^/pages/order/cashier/index\\?orderNo=${orderNo}&url=`));

    const cashier = await app.open(app.lastRoute());
    expect(cashier.page.data.url).toContain(`/sandbox/pay/${orderNo}`);
    await cashier.tap('.copy');
    expect(app.fake.clipboard.at(-1)).toBe(cashier.page.data.url);
    await cashier.tap('.open');
    expect(app.lastRoute()).toBe(`/pages/order/webview/index?url=${encodeURIComponent(cashier.page.data.url)}`);
    const webview = await app.open(app.lastRoute());
    expect(webview.page.data.url).toBe(cashier.page.data.url);

    // The learner presses 支付 on the cashier page (the real pay-notify settles), then comes back.
    await app.fake.paySandbox(orderNo);
    await confirm.page.onShow();
    await app.settle();
    expect(confirm.page.data.stage).toBe('paid');
  });

  describe('iOS', () => {
    afterEach(() => {
      app.fake.platform = 'android';
      app.mp('services/platform').resetPolicyCache();
    });

    it('with the default policy the order page does not sell and shows the guidance', async () => {
      app.fake.platform = 'ios';
      app.mp('services/platform').resetPolicyCache();
      const before = app.fake.calls.filter((c) => c.name === 'order').length;
      const confirm = await app.open(`/pages/order/confirm/index?itemType=column&itemId=${learning}`);
      expect(confirm.page.data.status).toBe('error');
      expect(confirm.text()).toContain('iOS');
      expect(app.fake.calls.filter((c) => c.name === 'order').length).toBe(before);
    });
  });
});

describe('redeem code page', () => {
  let app: MpApp;
  beforeAll(async () => {
    app = await createMpApp({ openid: 'redeem-learner' });
    const now = app.h.clock.now();
    const column = await columnId(app.h.db, '手机摄影入门');
    const [batchId] = await app.h
      .db('redeem_batches')
      .insert({ item_type: 'column', item_id: column, days: null, code_count: 1, created_at: now });
    await app.h.db('redeem_codes').insert({ batch_id: batchId, code: 'PHOTO2026ABCD', status: 'unused' });
  });
  afterAll(() => app.close());

  it('redeems a valid code, refuses unknown and used ones with clear messages', async () => {
    const page = await app.open('/pages/account/redeem/index');
    page.page.onInput({ detail: { value: 'nope-nope' } });
    await page.tap('.submit');
    expect(page.page.data.error).toMatch(/兑换码/);

    page.page.onInput({ detail: { value: ' photo2026abcd ' } });
    await page.tap('.submit');
    expect(page.page.data.error).toBe('');
    expect(page.text()).toContain('兑换成功');
    expect(page.text()).toContain('已解锁专栏');
    await page.tap('.go');
    expect(app.lastRoute()).toMatch(/^\/pages\/column\/detail\/index\?id=\d+$/);

    page.page.onInput({ detail: { value: 'PHOTO2026ABCD' } });
    await page.tap('.submit');
    expect(page.page.data.error).toMatch(/已被使用|已拥有/);
  });
});
