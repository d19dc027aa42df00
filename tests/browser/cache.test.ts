import type { Page, Route } from 'playwright-core';
import { DEMO_ADMIN } from '../../server/emulator/boot';
import { type CmsSession, type Stack, openCmsSession, shot } from './browser-support';

/**
 * The CMS's reads go through one cache (TanStack Query, admin-cms/src/composables/use-load.ts),
 * in a real browser against the real local runtime on MySQL: coming back to a page shows it
 * without asking again, a write refreshes what is on screen and makes the rest ask again, and a
 * failed read shows its error in Chinese with a retry that works.
 */
describe('CMS reads and the cache, in Chromium', () => {
  let session: CmsSession;
  let stack: Stack;
  let page: Page;
  const pageErrors: string[] = [];
  /** The admin actions the page called, in order. */
  const calls: string[] = [];
  const count = (action: string) => calls.filter((a) => a === action).length;
  async function until(done: () => boolean, ms = 5000) {
    for (const start = Date.now(); !done(); await new Promise((r) => setTimeout(r, 50)))
      if (Date.now() - start > ms) throw new Error('timed out');
  }

  beforeAll(async () => {
    session = await openCmsSession(pageErrors);
    ({ stack, page } = session);
    page.on('request', (req) => {
      if (req.url().endsWith('/fn/admin') && req.method() === 'POST') calls.push(JSON.parse(req.postData() ?? '{}').$url);
    });
  }, 240_000);
  afterAll(() => session?.close());

  const menu = (name: string) => session.menu(name);
  const dialogButton = (text: string) => session.dialogButton(text);
  /** Answers the next call of `action` with a server failure; every other call goes through. */
  async function failOnce(action: string, message: string) {
    let failed = false;
    const handler = async (route: Route) => {
      const body = JSON.parse(route.request().postData() ?? '{}');
      if (failed || body.$url !== action) return route.continue();
      failed = true;
      await route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: false, error: { code: 'INTERNAL', message } }) });
    };
    await page.route('**/fn/admin', handler);
    return () => page.unroute('**/fn/admin', handler);
  }

  it('signs in', async () => {
    await page.goto(`${stack.base}/admin/`);
    await page.fill('[data-test="username"] input', DEMO_ADMIN.username);
    await page.fill('[data-test="password"] input', DEMO_ADMIN.password);
    await page.click('[data-test="login-submit"]');
    await page.waitForSelector('[data-test="kpi-revenue"]');
  }, 60_000);

  it('coming back to the content page, or to a column seen before, asks the server nothing', async () => {
    await menu('content');
    await page.waitForSelector('[data-test="chapter-list"]');
    const columns = page.locator('.column-item');
    await columns.nth(1).click();
    await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('.column-item')[1]?.classList.contains('active'));
    await page.waitForSelector('[data-test="chapter-list"]');
    const before = { list: count('column.list'), tree: count('column.get') };
    expect(before.tree).toBe(2);

    await columns.nth(0).click(); // seen before: from the cache
    await menu('plans');
    await page.waitForSelector('.t-table');
    await menu('content');
    await page.waitForSelector('[data-test="chapter-list"]');
    expect({ list: count('column.list'), tree: count('column.get') }).toEqual(before);
  }, 60_000);

  it('a write refreshes the list on screen at once, and the cached pages on their next showing', async () => {
    await menu('plans');
    await page.click('[data-test="new-plan"]');
    await page.fill('[data-test="plan-name"] input', '缓存测试季卡');
    const plansBefore = count('plan.list');
    await dialogButton('保存');
    await page.waitForSelector('.t-table td:has-text("缓存测试季卡")');
    expect(count('plan.list')).toBe(plansBefore + 1); // once, by the write (no second, hand-made reload)

    const listBefore = count('column.list');
    await menu('content');
    await page.waitForSelector('[data-test="chapter-list"]');
    await until(() => count('column.list') > listBefore);
    await page.waitForTimeout(300); // and no second one
    expect(count('column.list')).toBe(listBefore + 1);
  }, 60_000);

  it('a failed read shows 加载失败 with the server message, and 重试 loads the page', async () => {
    const restore = await failOnce('virtualGoods.list', '数据库暂时不可用');
    await menu('virtual-goods');
    await page.waitForSelector('.t-empty:has-text("加载失败")');
    await expect(page.locator('.t-empty').textContent()).resolves.toContain('数据库暂时不可用');
    await shot(page, 'cache-01-load-failed');
    await page.click('.t-empty button:has-text("重试")');
    await page.waitForSelector('.t-table td:has-text("高效学习的科学")');
    await restore();

    // A cursor-paged list (ListBlock) the same way.
    const restoreOrders = await failOnce('order.list', '订单服务暂时不可用');
    await menu('orders');
    await page.waitForSelector('.t-empty:has-text("订单服务暂时不可用")');
    await page.click('.t-empty button:has-text("重试")');
    await page.waitForSelector('.t-table, .t-empty:has-text("没有符合条件的订单")');
    await expect(page.locator('.t-empty:has-text("加载失败")').count()).resolves.toBe(0);
    await restoreOrders();
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
