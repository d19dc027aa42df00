import type { Browser, Page } from 'playwright-core';
import { DEMO_ADMIN } from '../../server/emulator/boot';
import { type CmsSession, type Stack, fn, openCmsSession, shot } from './browser-support';

/**
 * The selling tools in a real browser against the local runtime on MySQL: the owner creates a
 * coupon and a limited-time price in the CMS, a learner buys with both, and the dashboard shows
 * revenue before and after the discount and what the coupon brought.
 */
const LEARNER = 'browser-growth-learner';
const COLUMN = '高效学习的科学'; // from the demo seed, ¥99

describe('CMS selling tools in Chromium', () => {
  let session: CmsSession;
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    session = await openCmsSession(pageErrors);
    ({ stack, browser, page } = session);
    await page.goto(`${stack.base}/admin/`);
    await page.waitForSelector('[data-test="username"] input');
    await page.fill('[data-test="username"] input', DEMO_ADMIN.username);
    await page.fill('[data-test="password"] input', DEMO_ADMIN.password);
    await page.click('[data-test="login-submit"]');
    await page.waitForSelector('[data-test="kpi-revenue"]');
  }, 240_000);
  afterAll(() => session?.close());

  const menu = (name: string) => session.menu(name);
  const dialogButton = (text: string) => session.dialogButton(text);

  it('creates a ¥10 coupon and a ¥49 limited-time price for the column', async () => {
    await menu('coupons');
    await page.click('[data-test="new-coupon"]');
    await page.fill('[data-test="coupon-title"] input', '浏览器满减券');
    await dialogButton('保存');
    await page.waitForSelector('[data-test="coupon-usage-浏览器满减券"]');
    await expect(page.locator('[data-test="coupon-usage-浏览器满减券"]').textContent()).resolves.toContain('0 / 100 已领');

    await menu('promotions');
    await page.click('[data-test="new-promotion"]');
    await page.click('.t-dialog__ctx:visible [data-test="item-id"]');
    await page.click(`.t-select-option:has-text("${COLUMN}")`);
    const price = page.locator('[data-test="promotion-price"] input');
    await price.click({ clickCount: 3 });
    await price.press('Control+A');
    await price.pressSequentially('49');
    await price.blur();
    await dialogButton('保存');
    await page.waitForSelector('.t-table td:has-text("进行中")');
    await shot(page, 'growth-01-promotions');
  }, 90_000);

  it('a learner sees the promo price, buys with the coupon, and the dashboard shows the effect', async () => {
    const home = await fn(stack.base, 'catalog', 'home', {}, LEARNER);
    const card = home.data.columns.find((c: any) => c.title === COLUMN);
    expect(card).toMatchObject({ priceFen: 9900, promoPriceFen: 4900 });
    const claimable = await fn(stack.base, 'coupon', 'claimable', {}, LEARNER);
    const coupon = claimable.data.items.find((c: any) => c.title === '浏览器满减券');
    const uc = await fn(stack.base, 'coupon', 'claim', { couponId: coupon.id }, LEARNER);
    expect(uc.ok).toBe(true);
    const best = await fn(stack.base, 'coupon', 'available', { itemType: 'column', itemId: card.id }, LEARNER);
    expect(best.data.items[0].id).toBe(uc.data.id);
    const order = await fn(stack.base, 'order', 'create', { itemType: 'column', itemId: card.id, userCouponId: uc.data.id }, LEARNER);
    expect(order.data).toMatchObject({ originalFen: 4900, discountFen: 1000, amountFen: 3900 });
    await fn(stack.base, 'pay', 'prepay', { orderNo: order.data.orderNo }, LEARNER);
    const cashier = await browser.newPage({ viewport: { width: 420, height: 760 }, locale: 'zh-CN' });
    await cashier.goto(`${stack.base}/sandbox/pay/${order.data.orderNo}`);
    await cashier.click('button.pay');
    await cashier.waitForLoadState();
    await cashier.close();
    const paid = await fn(stack.base, 'pay', 'confirm', { orderNo: order.data.orderNo }, LEARNER);
    expect(paid.data.status).toBe('paid');

    await menu('dashboard');
    await page.waitForSelector('[data-test="growth-original"]');
    await expect(page.locator('[data-test="growth-original"]').textContent()).resolves.toBe('¥49.00');
    await expect(page.locator('[data-test="growth-discount"]').textContent()).resolves.toBe('¥10.00');
    await expect(page.locator('[data-test="growth-revenue"]').textContent()).resolves.toBe('¥39.00');
    await expect(page.locator('[data-test="growth-coupon-orders"]').textContent()).resolves.toBe('1');
    await expect(page.locator('[data-test="growth-promo-orders"]').textContent()).resolves.toBe('1');
    await page.waitForSelector('[data-test="growth-panel"] td:has-text("浏览器满减券")');
    await expect(page.locator('[data-test="kpi-revenue"]').textContent()).resolves.toBe('¥39.00');
    await shot(page, 'growth-02-dashboard');

    await menu('coupons');
    await page.waitForSelector('[data-test="coupon-usage-浏览器满减券"]');
    await expect(page.locator('[data-test="coupon-usage-浏览器满减券"]').textContent()).resolves.toContain('1 / 100 已领 · 1 已用');
    for (const name of ['gifts', 'referral']) {
      await menu(name);
      await page.waitForSelector('.t-table, .t-empty');
    }
    await shot(page, 'growth-03-referral');
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
