import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { DEMO_ADMIN } from '../../server/emulator/boot';
import { ensureCmsBuilt, fn, launchChromium, shot, startStack, type Stack } from './browser-support';

/**
 * The creator's day in the CMS, in a real browser against the real local runtime on MySQL:
 * sign in, build a column → chapter → article with a paywall marker, publish, and follow the
 * article into the learner's world (catalog, access, purchase, refund).
 */
const PAID_TEXT = '只有购买后才能看到的付费正文';
const LEARNER = 'browser-learner-1';

describe('admin CMS in Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensureCmsBuilt();
    stack = await startStack();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    page.on('pageerror', (err) => pageErrors.push(err.message));
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  const menu = (name: string) => page.click(`[data-test="menu-${name}"]`);
  const dialogButton = (text: string) => page.locator('.t-dialog__ctx:visible .t-dialog__footer button', { hasText: text }).last().click();
  /** Opens a grant-like dialog from its page and picks the test column in its ItemPicker. */
  const openWithTestColumn = async (pageName: string, opener: string) => {
    await menu(pageName);
    await page.click(`[data-test="${opener}"]`);
    await page.click('[data-test="item-id"]');
    await page.click('.t-select-option:has-text("浏览器测试专栏")');
  };

  it('rejects a wrong password with the server message, then signs in and lands on the dashboard', async () => {
    await page.goto(`${stack.base}/admin/`);
    await page.waitForSelector('[data-test="username"] input');
    await shot(page, '01-login');
    await page.fill('[data-test="username"] input', DEMO_ADMIN.username);
    await page.fill('[data-test="password"] input', 'wrong-password');
    await page.click('[data-test="login-submit"]');
    await expect(page.locator('[data-test="login-error"]').textContent()).resolves.toContain('用户名或密码错误');

    await page.fill('[data-test="password"] input', DEMO_ADMIN.password);
    await page.click('[data-test="login-submit"]');
    await page.waitForSelector('[data-test="kpi-revenue"]');
    await page.waitForSelector('canvas');
    await shot(page, '02-dashboard');
  }, 120_000);

  let columnId: number;
  let articleId: number;

  it('creates a column, a chapter and an article with a paywall marker, and publishes them', async () => {
    await menu('content');
    await page.waitForSelector('[data-test="new-column"]');
    await page.click('[data-test="new-column"]');
    await page.fill('[data-test="column-title"] input', '浏览器测试专栏');
    await page.fill('[data-test="column-price"] input', '19.9');
    await dialogButton('保存');
    await page.waitForSelector('.tree-title:has-text("浏览器测试专栏")');
    columnId = Number(new URL(page.url()).searchParams.get('column'));
    expect(columnId).toBeGreaterThan(0);

    await page.click('[data-test="new-chapter"]');
    await page.fill('[data-test="prompt-input"] input', '第一章 入门');
    await dialogButton('确定');
    await page.waitForSelector('[data-test="chapter-第一章 入门"]');

    await page.click('[data-test="new-article"]');
    await page.waitForSelector('[data-test="article-title"] input');
    await page.fill('[data-test="article-title"] input', '第一课：为什么要写作');
    await page.fill(
      '[data-test="article-body"]',
      `# 为什么要写作\n\n这是免费试读的开头。\n\n${PAID_TEXT}。\n\n<script>alert('xss')</script>`,
    );
    // Put the paywall after the free paragraph: place the caret before the paid paragraph.
    await page.evaluate((paid) => {
      // Runs in the page; the test project compiles without the DOM lib.
      const el = (globalThis as any).document.querySelector('[data-test="article-body"]');
      el.focus();
      el.setSelectionRange(el.value.indexOf(paid), el.value.indexOf(paid));
    }, PAID_TEXT);
    await page.click('[data-test="insert-paywall"]');
    await page.setInputFiles('[data-test="file-audio"]', {
      name: '第一课.mp3',
      mimeType: 'audio/mpeg',
      buffer: Buffer.from('ID3-not-really-audio'),
    });
    await page.waitForSelector('.media-field .t-tag:has-text("media/uploads/")');
    await expect(page.locator('[data-test="live-preview"] .paywall-divider').textContent()).resolves.toContain('以下为付费内容');
    await page.click('[data-test="save-article"]');
    await page.waitForURL(/\/admin\/content\/articles\/\d+/);
    articleId = Number(/articles\/(\d+)/.exec(page.url())![1]);
    await page.waitForSelector('[data-test="publish-article"]');
    await shot(page, '03-article-editor');

    await page.click('[data-test="publish-article"]');
    await dialogButton('确定发布');
    await page.waitForSelector('.t-tag:has-text("已发布")');

    const stored = await stack.runtime.db('articles').where({ id: articleId }).first();
    expect(stored.body_html).not.toContain('<script');
    expect(stored.preview_html).toContain('免费试读');
    expect(stored.preview_html).not.toContain(PAID_TEXT);
    expect(stored.audio_file_id).toMatch(/^media\/uploads\//);

    await page.click('[data-test="preview-learner"]');
    await page.waitForSelector('[data-test="preview-html"]');
    await expect(page.locator('[data-test="preview-html"]').textContent()).resolves.not.toContain(PAID_TEXT);
    await shot(page, '04-preview-as-learner');
    await page.keyboard.press('Escape');

    await page.goto(`${stack.base}/admin/content?column=${columnId}`);
    await page.click('[data-test="publish-column"]');
    await page.waitForSelector('.tree-title .t-tag:has-text("已发布")');
    await shot(page, '05-content-tree');
  }, 180_000);

  it('the published article is in the catalog, locked for a learner without access', async () => {
    const column = await fn(stack.base, 'catalog', 'column', { columnId }, LEARNER);
    expect(column.ok).toBe(true);
    const card = column.data.chapters.flatMap((c: any) => c.articles).find((a: any) => a.id === articleId);
    expect(card).toMatchObject({ title: '第一课：为什么要写作', locked: true });
    expect(JSON.stringify(column)).not.toContain(PAID_TEXT);

    const access = await fn(stack.base, 'access', 'article', { articleId }, LEARNER);
    expect(access.data.access.granted).toBe(false);
    expect(access.data.html).toContain('免费试读');
    expect(access.data.html).not.toContain(PAID_TEXT);
    expect(access.data.audio).toBeUndefined();
    expect(JSON.stringify(access)).not.toContain('media/uploads');
  });

  let orderNo: string;

  it('the learner buys the column through the sandbox cashier and can read the paid text', async () => {
    const order = await fn(stack.base, 'order', 'create', { itemType: 'column', itemId: columnId }, LEARNER);
    expect(order.data).toMatchObject({ status: 'pending', amountFen: 1990 });
    orderNo = order.data.orderNo;
    const prepay = await fn(stack.base, 'pay', 'prepay', { orderNo }, LEARNER);
    expect(prepay.data.provider).toBe('sandbox');
    const cashier = await browser.newPage({ viewport: { width: 420, height: 760 }, locale: 'zh-CN' }); // the learner's phone, not the CMS
    await cashier.goto(`${stack.base}/sandbox/pay/${orderNo}`);
    await shot(cashier, '07-sandbox-cashier');
    await cashier.click('button.pay');
    await cashier.waitForLoadState();
    await cashier.close();
    const confirmed = await fn(stack.base, 'pay', 'confirm', { orderNo }, LEARNER);
    expect(confirmed.data.status).toBe('paid');
    const access = await fn(stack.base, 'access', 'article', { articleId }, LEARNER);
    expect(access.data.access).toMatchObject({ granted: true, reason: 'column' });
    expect(access.data.html).toContain(PAID_TEXT);
    expect(access.data.audio.url).toMatch(/^http/); // the uploaded file, through a signed link, for a buyer only
    const read = await fn(stack.base, 'progress', 'report', { articleId, percent: 100 }, LEARNER);
    expect(read.data.completed).toBe(true);
  }, 60_000);

  it('the owner refunds it from the orders page after confirming, and the learner loses access', async () => {
    await menu('orders');
    await page.waitForSelector(`[data-test="refund-${orderNo}"]`);
    await shot(page, '08-orders');
    await page.click(`[data-test="refund-${orderNo}"]`);
    await dialogButton('确认退款'); // without a reason the form refuses
    await expect(page.locator('.t-dialog__ctx:visible').textContent()).resolves.toContain('请填写退款原因');
    await page.fill('[data-test="refund-reason"] textarea', '学员七天无理由退款');
    await shot(page, '09-refund-confirm');
    await dialogButton('确认退款');
    await page.waitForSelector(`[data-test="order-status-${orderNo}"]:has-text("已退款")`);
    const access = await fn(stack.base, 'access', 'article', { articleId }, LEARNER);
    expect(access.data.access.granted).toBe(false);
    expect(access.data.html).not.toContain(PAID_TEXT);
    expect((await fn(stack.base, 'catalog', 'column', { columnId }, LEARNER)).data.owned).toBe(false);
  }, 60_000);

  it('drag-to-sort moves an article to another chapter', async () => {
    const chapter2 = await stack.runtime
      .db('chapters')
      .insert({ column_id: columnId, title: '第二章 进阶', sort: 5, created_at: new Date(), updated_at: new Date() });
    await page.goto(`${stack.base}/admin/content?column=${columnId}`);
    await page.waitForSelector('[data-test="chapter-第二章 进阶"]');
    await page.dragAndDrop('[data-test="article-第一课：为什么要写作"]', '[data-test="chapter-第二章 进阶"]');
    await page.waitForFunction(() =>
      (globalThis as any).document
        .querySelector('[data-test="chapter-第一章 入门"]')
        ?.parentElement?.textContent?.includes('拖动文章到这里'),
    );
    const row = await stack.runtime.db('articles').where({ id: articleId }).first('chapter_id');
    expect(Number(row.chapter_id)).toBe(Number(chapter2[0]));
  }, 60_000);

  it('grants a column to a pasted list of openids from the users page', async () => {
    await openWithTestColumn('users', 'open-grant');
    await page.fill('[data-test="grant-openids"] textarea', 'offline-a\noffline-b, offline-c\noffline-a');
    await expect(page.locator('.t-dialog__ctx:visible').textContent()).resolves.toContain('识别到 3 个 openid');
    await dialogButton('开通');
    await page.waitForSelector('.t-table td:has-text("offline-c")');
    await shot(page, '06-users-granted');
    const owned = await fn(stack.base, 'catalog', 'column', { columnId }, 'offline-b');
    expect(owned.data.owned).toBe(true);

    // "Preview as learner" asks the real access function: a stranger gets the cut, a grantee the whole text.
    await page.goto(`${stack.base}/admin/content/articles/${articleId}`);
    await page.click('[data-test="preview-learner"]');
    await page.waitForSelector('[data-test="preview-access"]:has-text("仅试读")');
    await expect(page.locator('[data-test="preview-html"]').textContent()).resolves.not.toContain(PAID_TEXT);
    await page.click('.t-drawer .t-radio-button:has-text("指定学员")');
    await page.fill('[data-test="preview-openid"] input', 'offline-b');
    await page.click('.t-drawer button:has-text("查看")');
    await page.waitForSelector('[data-test="preview-access"]:has-text("可阅读全文")');
    await expect(page.locator('[data-test="preview-html"]').textContent()).resolves.toContain(PAID_TEXT);
    await shot(page, '04b-preview-as-buyer');
    await page.keyboard.press('Escape');
  }, 60_000);

  it('creates a batch of redeem codes, exports it as CSV and a learner redeems one', async () => {
    await openWithTestColumn('redeem', 'new-batch');
    await dialogButton('生成');
    await page.waitForSelector('.t-dialog__ctx:visible textarea');
    const codes = (await page.locator('.t-dialog__ctx:visible textarea').inputValue()).split('\n');
    expect(codes).toHaveLength(10);
    await page.keyboard.press('Escape');
    const redeemed = await fn(stack.base, 'order', 'redeem', { code: codes[0] }, 'redeem-learner');
    expect(redeemed.ok).toBe(true);
    await page.click('[data-test="menu-audit"]');
    await menu('redeem');
    await page.waitForSelector('.t-table td:has-text("1 / 10")');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('.t-table a:has-text("导出 CSV"), .t-table .t-link:has-text("导出 CSV")'),
    ]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.replace(/^\ufeff/, '').split('\n')[0]).toBe('兑换码,状态,使用者 openid,使用时间（北京时间）');
    expect(csv).toContain(`${codes[0]},已使用,redeem-learner,`);
    await shot(page, '06-redeem-batch');
  }, 60_000);

  it('the other back-office screens render with data, empty and error states in Chinese', async () => {
    for (const [name, ready] of [
      ['plans', '.t-table, .t-empty'],
      ['users', '.t-table, .t-empty'],
      ['redeem', '.t-table, .t-empty'],
      ['comments', '.comment, .t-empty'],
      ['staff', '.t-table'],
      ['audit', '.t-table'],
    ] as const) {
      await menu(name);
      await page.waitForSelector(ready);
      await shot(page, `06-${name}`);
    }
    const audit = await page.locator('.t-table').textContent();
    expect(audit).toContain('article.publish');
    expect(audit).toContain('order.refund');

    await menu('dashboard');
    await page.waitForSelector('[data-test="kpi-revenue"]');
    await expect(page.locator('[data-test="kpi-revenue"]').textContent()).resolves.toBe('¥19.90');
    await page.waitForSelector('.t-card:has-text("专栏完读情况") td:has-text("浏览器测试专栏")');
    await shot(page, '10-dashboard-after-sales');
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
