import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { DEMO_ADMIN } from '../../server/emulator/boot';
import { ARTIFACTS, type CmsSession, type Stack, fn, openCmsSession, shot } from './browser-support';

/**
 * The creator's day in the CMS, in a real browser against the real local runtime on MySQL:
 * sign in, build a column → chapter → article with a paywall marker, publish, and follow the
 * article into the learner's world (catalog, access, purchase, refund).
 */
const PAID_TEXT = '只有购买后才能看到的付费正文';
const LEARNER = 'browser-learner-1';
/** A real 1×1 PNG: images go through the same upload and signing as audio. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
/** Every page of the CMS, by menu name, with what shows it is ready. */
const PAGES = [
  ['dashboard', '[data-test="kpi-revenue"]'],
  ['content', '[data-test="new-column"]'],
  ['plans', '.t-table, .t-empty'],
  ['orders', '.t-table, .t-empty'],
  ['users', '.t-table, .t-empty'],
  ['redeem', '.t-table, .t-empty'],
  ['comments', '.comment, .t-empty'],
  ['staff', '.t-table'],
  ['virtual-goods', '.t-table, .t-empty'],
  ['terms', '[data-test="terms-purchaseTerms"]'],
  ['audit', '.t-table'],
] as const;

describe('admin CMS in Chromium', () => {
  let session: CmsSession;
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    session = await openCmsSession(pageErrors);
    ({ stack, browser, page } = session);
  }, 240_000);
  afterAll(() => session?.close());

  const menu = (name: string) => session.menu(name);
  /** Confirms the open popconfirm (TDesign's default button text). */
  const popconfirm = () => page.locator('.t-popconfirm:visible .t-button', { hasText: '确定' }).last().click();
  const editor = () => page.locator('[data-test="article-body"] .cm-content');
  const dialogButton = (text: string) => session.dialogButton(text);
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
    await page.setInputFiles('[data-test="upload-cover"] input[type=file]', { name: '封面.png', mimeType: 'image/png', buffer: PNG });
    await page.waitForSelector('[data-test="cover-preview"]');
    await shot(page, '03a-column-cover');
    await dialogButton('保存');
    await page.waitForSelector('.tree-title:has-text("浏览器测试专栏")');
    columnId = Number(new URL(page.url()).searchParams.get('column'));
    expect(columnId).toBeGreaterThan(0);
    const savedColumn = await stack.runtime.db('columns').where({ id: columnId }).first('cover');
    expect(savedColumn.cover).toMatch(/^media\/uploads\/.+\.png$/); // a storage id, not a URL

    // The one-field dialog (a TDesign form): the box has the focus, a blank name is refused in
    // Chinese, Esc cancels, Enter submits.
    await page.click('[data-test="new-chapter"]');
    await page.waitForFunction(() => (globalThis as any).document.activeElement?.closest('[data-test="prompt-input"]'));
    await page.keyboard.press('Enter');
    await page.waitForSelector('.t-dialog__ctx:visible .t-form__controls :text("请输入章节名称")');
    await shot(page, '03d-prompt-refuses-blank');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-test="prompt-input"]', { state: 'hidden' });
    expect(await stack.runtime.db('chapters').where({ column_id: columnId }).count('* as n').first()).toMatchObject({ n: 0 });
    await page.click('[data-test="new-chapter"]');
    await page.waitForFunction(() => (globalThis as any).document.activeElement?.closest('[data-test="prompt-input"]'));
    await page.keyboard.type('第一章 入门');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-test="chapter-第一章 入门"]');

    await page.click('[data-test="new-article"]');
    await page.waitForSelector('[data-test="article-title"] input');
    await page.fill('[data-test="article-title"] input', '第一课：为什么要写作');
    // The markdown editor (md-editor-v3, CodeMirror): the free part, the paywall at the caret, the paid part.
    await editor().click();
    await editor().fill(`# 为什么要写作\n\n这是免费试读的开头。\n\n`);
    await page.keyboard.press('Control+End');
    await page.click('[data-test="insert-paywall"]');
    await editor().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText(`${PAID_TEXT}。\n\n<script>alert('xss')</script>\n\n`);
    // An inline image through the upload button (with progress), then a pasted one.
    await page.setInputFiles('[data-test="upload-image"] input[type=file]', { name: '付费插图.png', mimeType: 'image/png', buffer: PNG });
    await page.waitForFunction(() =>
      /!\[付费插图\]\(media\/uploads\/[^)]+\.png\)/.test(
        (globalThis as any).document.querySelector('[data-test="article-body"] .cm-content')?.textContent ?? '',
      ),
    );
    await editor().click();
    await page.keyboard.press('Control+End');
    await page.evaluate(
      (bytes) => {
        // Runs in the page: a real paste event carrying an image file, as a screenshot tool would give.
        const g = globalThis as any;
        const dt = new g.DataTransfer();
        dt.items.add(new g.File([new g.Uint8Array(bytes)], '粘贴的图.png', { type: 'image/png' }));
        g.document
          .querySelector('[data-test="article-body"] .cm-content')
          .dispatchEvent(new g.ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
      },
      [...PNG],
    );
    await page.waitForFunction(
      () =>
        ((globalThis as any).document.querySelector('[data-test="article-body"] .cm-content')?.textContent ?? '').includes(
          '](media/uploads/',
        ) &&
        (
          (globalThis as any).document
            .querySelector('[data-test="article-body"] .cm-content')
            ?.textContent.match(/\]\(media\/uploads\//g) ?? []
        ).length >= 2,
    );
    await page.setInputFiles('[data-test="upload-audio"] input[type=file]', {
      name: '第一课.mp3',
      mimeType: 'audio/mpeg',
      buffer: Buffer.from('ID3-not-really-audio'),
    });
    await page.waitForSelector('[data-test="media-audio"]:has-text("第一课.mp3")'); // its own name, not a UUID
    await page.waitForSelector('[data-test="player-audio"]');
    // The live preview is the server's article.preview: images signed, the paid part below the divider.
    await page.waitForSelector('[data-test="live-preview"] img[src*="/media/uploads/"][src*="sig="]');
    await expect(page.locator('[data-test="live-preview"] .paywall-divider').textContent()).resolves.toContain('以下为付费内容');
    await page.click('[data-test="save-article"]');
    await page.waitForURL(/\/admin\/content\/articles\/\d+/);
    articleId = Number(/articles\/(\d+)/.exec(page.url())![1]);
    await page.waitForSelector('[data-test="publish-article"]');
    await page.waitForSelector('[data-test="live-preview"] img');
    await shot(page, '03-article-editor');

    // Unsaved edits: leaving asks first; "留在此页" keeps the page and the edit.
    await page.fill('[data-test="article-title"] input', '第一课：为什么要写作（修订）');
    await page.waitForSelector('[data-test="unsaved"]');
    await page.click('[data-test="back-to-column"]');
    await page.waitForSelector('.t-dialog__ctx:visible:has-text("有未保存的修改")');
    await shot(page, '03b-unsaved-prompt');
    await dialogButton('留在此页');
    expect(page.url()).toMatch(/\/articles\/\d+/);
    await page.fill('[data-test="article-title"] input', '第一课：为什么要写作');

    // A schedule in the past is refused (it would publish at once while claiming to be scheduled).
    await page.click('[data-test="publish-article"]');
    await page.click('[data-test="publish-mode"] .t-radio:has-text("定时发布")');
    await page.fill('[data-test="publish-at"] input', '2020-01-01 08:00');
    await page.keyboard.press('Enter');
    await dialogButton('确定发布');
    await expect(page.locator('[data-test="publish-error"]').textContent()).resolves.toContain('定时发布时间已经过去');
    await shot(page, '03c-past-schedule-refused');
    expect((await stack.runtime.db('articles').where({ id: articleId }).first('status')).status).toBe('draft');
    await page.click('[data-test="publish-mode"] .t-radio:has-text("立即发布")');
    await dialogButton('确定发布');
    await page.waitForSelector('.t-tag:has-text("已发布")');
    await page.waitForSelector('[data-test="unsaved"]', { state: 'detached' });

    const stored = await stack.runtime.db('articles').where({ id: articleId }).first();
    expect(stored.body_html).not.toContain('<script');
    expect(stored.preview_html).toContain('免费试读');
    expect(stored.preview_html).not.toContain(PAID_TEXT);
    expect(stored.audio_file_id).toMatch(/^media\/uploads\//);
    expect(stored.audio_name).toBe('第一课.mp3');
    // Images are stored as ids; the paid part's image is not in the preview a visitor gets.
    expect(stored.body_md).toMatch(/!\[付费插图\]\(media\/uploads\/.+\.png\)/);
    expect(stored.body_html.match(/<img src="media\/uploads\//g)).toHaveLength(2);
    expect(stored.preview_html).not.toContain('<img');

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
    expect(JSON.stringify(access)).not.toContain('media/uploads'); // neither the audio nor the paid images
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
    const images = [...access.data.html.matchAll(/<img src="([^"]+)"/g)].map((m: RegExpMatchArray) => m[1].replace(/&amp;/g, '&'));
    expect(images).toHaveLength(2);
    for (const src of images) expect((await fetch(src)).status).toBe(200); // signed, served
    expect((await fetch(images[0].replace(/sig=[^&]+/, 'sig=forged'))).status).toBe(403);
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
    // The detail speaks Chinese: the sandbox provider, the refund's status, the events.
    await page.click(`.t-table a:has-text("${orderNo}"), .t-table .t-link:has-text("${orderNo}")`);
    await page.waitForSelector('[data-test="order-events"]');
    const detailText = await page.locator('.t-drawer').textContent();
    expect(detailText).toContain('模拟支付（本地测试）');
    expect(detailText).toContain('退款成功');
    expect(detailText).not.toMatch(/succeeded|notify|settled|sandbox ·|· sandbox/);
    await shot(page, '08b-order-detail');
    await page.click('.t-drawer .t-drawer__close-btn');

    // Export with the date range filter: today in Beijing.
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    await page.click('[data-test="order-range"] input >> nth=0');
    await page.fill('[data-test="order-range"] input >> nth=0', today);
    await page.keyboard.press('Enter');
    await page.fill('[data-test="order-range"] input >> nth=1', today);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await expect(page.locator('[data-test="order-range"] input >> nth=1').inputValue()).resolves.toBe(today);
    await shot(page, '08c-orders-range');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test="export-orders"]')]);
    const csv = fs.readFileSync((await download.path())!, 'utf8').replace(/^\ufeff/, '');
    expect(csv.split('\n')[0]).toBe('订单号,商品类型,商品,金额（元）,状态,支付方式,学员编号,昵称,下单时间,支付时间,退款时间,交易号');
    expect(csv).toContain(`${orderNo},专栏,浏览器测试专栏,19.90,已退款,模拟支付（本地测试）,`);
    const access = await fn(stack.base, 'access', 'article', { articleId }, LEARNER);
    expect(access.data.access.granted).toBe(false);
    expect(access.data.html).not.toContain(PAID_TEXT);
    expect((await fn(stack.base, 'catalog', 'column', { columnId }, LEARNER)).data.owned).toBe(false);
  }, 60_000);

  it('an automatic refund the platform refused can be sent again from the order detail', async () => {
    // The state a refused automatic refund leaves (tests/security/double-charge.test.ts drives the
    // refusal itself): the order refunded for something already owned, its refund failed.
    const db = stack.mysql.db;
    const order = await db('orders').where('order_no', orderNo).first('id');
    await db('orders').where('id', order.id).update({ auto_refund: 'owned' });
    await db('refunds').where('order_id', order.id).update({ status: 'failed' });
    await menu('dashboard');
    await menu('orders');
    await page.click(`.t-table a:has-text("${orderNo}"), .t-table .t-link:has-text("${orderNo}")`);
    await page.waitForSelector('[data-test="retry-refund"]');
    await expect(page.locator('.t-drawer').textContent()).resolves.toContain('退款失败');
    await shot(page, '08d-order-refund-failed');
    await page.click('[data-test="retry-refund"]');
    await toast('已重新发起退款');
    await page.waitForSelector('.t-drawer :text("退款成功")');
    expect(await page.locator('[data-test="retry-refund"]').count()).toBe(0);
    expect((await db('refunds').where('order_id', order.id).first('status')).status).toBe('succeeded');
    expect(await db('audit_log').where({ action: 'order.refund_retry', target_id: orderNo })).toHaveLength(1);
    await page.click('.t-drawer .t-drawer__close-btn');
  }, 60_000);

  /**
   * A drag as a hand does it: press on the handle, move in small steps, release over the target.
   * SortableJS (the content tree's drag library) follows pointer and drag events, not a script's
   * drop event, so only real input moves anything.
   */
  async function drag(handle: string, target: string, at: 'top' | 'middle' = 'middle') {
    const from = (await page.locator(handle).boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + 4, from.y + from.height / 2 + 8, { steps: 4 });
    const to = (await page.locator(target).boundingBox())!;
    const y = at === 'top' ? to.y + 4 : to.y + to.height / 2;
    await page.mouse.move(to.x + to.width / 2, y, { steps: 20 });
    await page.waitForTimeout(200); // SortableJS swaps on its animation frame
    await page.mouse.up();
  }
  const toast = (text: string) => page.waitForSelector(`.t-message:has-text("${text}")`);

  it('drag-to-sort moves an article to another chapter, and puts a chapter before another', async () => {
    const [chapter2] = await stack.runtime
      .db('chapters')
      .insert({ column_id: columnId, title: '第二章 进阶', sort: 5, created_at: new Date(), updated_at: new Date() });
    const chapter1 = (await stack.runtime.db('chapters').where({ column_id: columnId, title: '第一章 入门' }).first('id')).id;
    await page.goto(`${stack.base}/admin/content?column=${columnId}`);
    await page.waitForSelector('[data-test="chapter-第二章 进阶"]');
    await drag('[data-test="article-handle-第一课：为什么要写作"]', '[data-test="articles-第二章 进阶"]');
    await toast('顺序已保存');
    await page.waitForSelector('[data-test="articles-第二章 进阶"] [data-test="article-第一课：为什么要写作"]');
    await page.waitForFunction(() =>
      (globalThis as any).document
        .querySelector('[data-test="chapter-第一章 入门"]')
        ?.parentElement?.textContent?.includes('拖动文章到这里'),
    );
    const row = await stack.runtime.db('articles').where({ id: articleId }).first('chapter_id');
    expect(Number(row.chapter_id)).toBe(Number(chapter2));
    await shot(page, '05c-content-dragged');

    await drag('[data-test="chapter-handle-第二章 进阶"]', '[data-test="chapter-第一章 入门"]', 'top');
    await toast('章节顺序已保存');
    const order = await stack.runtime.db('chapters').where({ column_id: columnId }).orderBy('sort').pluck('id');
    expect(order.map(Number)).toEqual([Number(chapter2), Number(chapter1)]);
    const shown = await page.locator('[data-test="chapter-list"] .chapter-title').allTextContents();
    expect(shown).toEqual(['第二章 进阶', '第一章 入门']);
  }, 60_000);

  it("changes the column's 道具 ID in a dialog that checks it, and a blank one restores the default", async () => {
    await menu('virtual-goods');
    const row = page.locator('.t-table tr:has-text("浏览器测试专栏")');
    await row.locator('.t-link:has-text("修改道具 ID")').click();
    await page.waitForFunction(() => (globalThis as any).document.activeElement?.closest('[data-test="prompt-input"]'));
    await page.keyboard.type('坏 id'); // typed over the selected old id
    await dialogButton('确定');
    await page.waitForSelector('.t-dialog__ctx:visible :text("道具 ID 只能包含字母、数字、下划线和短横线")');
    await page.fill('[data-test="prompt-input"] input', 'course_browser');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.t-table tr:has-text("浏览器测试专栏") .mono:text-is("course_browser")');
    expect((await stack.runtime.db('columns').where({ id: columnId }).first('product_id')).product_id).toBe('course_browser');

    await row.locator('.t-link:has-text("修改道具 ID")').click();
    await page.fill('[data-test="prompt-input"] input', '');
    await dialogButton('确定');
    await page.waitForSelector(`.t-table tr:has-text("浏览器测试专栏") .mono:text-is("col_${columnId}")`);
    expect((await stack.runtime.db('columns').where({ id: columnId }).first('product_id')).product_id).toBeNull();
  }, 60_000);

  it('grants a column by 学员编号 (what learners see on their my page) from the users page', async () => {
    const nos: number[] = [];
    for (const openid of ['offline-a', 'offline-b']) nos.push((await fn(stack.base, 'user', 'me', {}, openid)).data.learnerNo);
    await openWithTestColumn('users', 'open-grant');
    await page.fill('[data-test="grant-learners"] textarea', `${nos[0]}\n${nos[1]}, ${nos[0]}`);
    await expect(page.locator('[data-test="grant-parsed"]').textContent()).resolves.toContain('识别到 2 个学员编号');
    await dialogButton('开通');
    await page.waitForSelector(`[data-test="learner-${nos[1]}"]`);
    // Learners without a nickname show their number, not （未设置昵称）.
    await expect(page.locator('.t-table').textContent()).resolves.not.toContain('未设置昵称');
    await page.fill('[data-test="user-search"] input', String(nos[1]));
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('.t-table tbody tr').length === 1);
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

  it('searches content across columns, and deletes an article from the tree after confirming', async () => {
    const now = new Date();
    const [doomed] = await stack.runtime.db('articles').insert({
      column_id: columnId,
      chapter_id: null,
      title: '待删除的文章',
      summary: '',
      body_md: '草稿',
      body_html: '<p>草稿</p>',
      preview_html: '',
      preview_ratio: 30,
      is_free: true,
      price_fen: null,
      status: 'draft',
      publish_at: null,
      sort: 99,
      created_at: now,
      updated_at: now,
    });
    await menu('content');
    await page.fill('[data-test="content-search"] input', '付费正文');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-test="search-results"] .search-row:has-text("第一课：为什么要写作")');
    await shot(page, '05b-content-search');
    await page.goto(`${stack.base}/admin/content?column=${columnId}`);
    await page.click('[data-test="delete-待删除的文章"]');
    await popconfirm();
    await page.waitForSelector('[data-test="article-待删除的文章"]', { state: 'detached' });
    expect(await stack.runtime.db('articles').where({ id: doomed }).first()).toBeUndefined();
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
    for (const [name, ready] of PAGES.filter(([n]) => n !== 'dashboard' && n !== 'content')) {
      await menu(name);
      await page.waitForSelector(ready);
      await shot(page, `06-${name}`);
    }
    const audit = await page.locator('.t-table').textContent();
    expect(audit).toContain('发布文章');
    expect(audit).toContain('退款');
    expect(audit).toContain('专栏《浏览器测试专栏》');
    expect(audit).not.toMatch(/article\.publish|order\.refund|admin #|#media/);
    await page.click('.t-table tbody tr:has-text("新建专栏")');
    await page.waitForSelector('.changes .change');
    await shot(page, '06-audit-expanded');

    await menu('dashboard');
    await page.waitForSelector('[data-test="kpi-revenue"]');
    await expect(page.locator('[data-test="kpi-revenue"]').textContent()).resolves.toBe('¥19.90');
    await page.waitForSelector('.t-card:has-text("专栏完读情况") td:has-text("浏览器测试专栏")');
    await shot(page, '10-dashboard-after-sales');
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('at 390 px no page overflows sideways; the menu folds away', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const fits = async () =>
      page.evaluate(() => {
        const d = (globalThis as any).document.documentElement;
        return { scroll: d.scrollWidth, inner: (globalThis as any).innerWidth };
      });
    const overflow: string[] = [];
    for (const [name, ready] of PAGES) {
      await page.goto(`${stack.base}/admin/${name}`);
      await page.waitForSelector(ready);
      const { scroll, inner } = await fits();
      if (scroll > inner) overflow.push(`${name}: ${scroll} > ${inner}`);
      await shot(page, `390-${name}`);
    }
    // The content tree under the column list, with its drag handles and rows.
    await page.goto(`${stack.base}/admin/content?column=${columnId}`);
    await page.waitForSelector('[data-test="chapter-list"]');
    await page.locator('.tree-card').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}/390-content-tree.png` });
    await page.click('[data-test="new-chapter"]');
    await page.waitForSelector('[data-test="prompt-input"]');
    await shot(page, '390-prompt');
    await page.keyboard.press('Escape');
    await page.goto(`${stack.base}/admin/content/articles/${articleId}`);
    await page.waitForSelector('[data-test="article-body"] .cm-content');
    let size = await fits();
    if (size.scroll > size.inner) overflow.push(`article editor: ${size.scroll} > ${size.inner}`);
    await shot(page, '390-article-editor');
    await page.click('[data-test="menu-toggle"]');
    await page.waitForSelector('[data-test="menu-orders"]', { state: 'visible' });
    await shot(page, '390-menu-open');
    await page.click('[data-test="menu-orders"]');
    await page.waitForURL(/\/admin\/orders/);
    const login = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    await login.goto(`${stack.base}/admin/login`);
    await login.waitForSelector('[data-test="username"] input');
    size = await login.evaluate(() => ({
      scroll: (globalThis as any).document.documentElement.scrollWidth,
      inner: (globalThis as any).innerWidth,
    }));
    if (size.scroll > size.inner) overflow.push(`login: ${size.scroll} > ${size.inner}`);
    await shot(login, '390-login');
    await login.close();
    expect(overflow).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
