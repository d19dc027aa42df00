import type { Page } from 'playwright-core';
import { DEMO_ADMIN } from '../../server/emulator/boot';
import { type CmsSession, type Stack, fn, openCmsSession, shot } from './browser-support';

/**
 * Quizzes in the CMS (issue 16), in a real browser against the real local runtime on MySQL: the
 * editor writes a quiz on an article, a learner takes it through the quiz function, and the
 * editor sees the learner's result and the pass rate.
 */
const LEARNER = 'browser-quiz-learner';

describe('CMS quiz editor in Chromium', () => {
  let session: CmsSession;
  let stack: Stack;
  let page: Page;
  let articleId: number;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    session = await openCmsSession(pageErrors);
    ({ stack, page } = session);
    // The demo's free opening article: every learner can read it in full.
    const row = await stack.mysql.db('articles').where('title', '开篇词：学习是一门可以练习的手艺').first('id');
    articleId = Number(row.id);
  }, 240_000);
  afterAll(() => session?.close());

  it('creates a quiz with a preview on the article editor', async () => {
    await page.goto(`${stack.base}/admin/`);
    await page.waitForSelector('[data-test="username"] input');
    await page.fill('[data-test="username"] input', DEMO_ADMIN.username);
    await page.fill('[data-test="password"] input', DEMO_ADMIN.password);
    await page.click('[data-test="login-submit"]');
    await page.waitForSelector('[data-test="kpi-revenue"]');

    await page.goto(`${stack.base}/admin/content/articles/${articleId}`);
    await page.waitForSelector('[data-test="quiz-editor"]');
    await page.click('[data-test="quiz-add"]');
    await page.fill('[data-test="quiz-question-0"] [data-test="quiz-prompt"] input', '学习是一门什么？');
    const options = page.locator('[data-test="quiz-question-0"] [data-test="quiz-option"] input');
    await options.nth(0).fill('天赋');
    await options.nth(1).fill('可以练习的手艺');
    await page.locator('[data-test="quiz-question-0"] [data-test="quiz-answer"]').nth(1).click();
    await expect(page.locator('[data-test="quiz-preview"]').textContent()).resolves.toContain('可以练习的手艺');
    await page.click('[data-test="quiz-save"]');
    await page.waitForSelector('.t-message:has-text("测验已保存")');
    await shot(page, 'learning-01-quiz-editor');

    const quiz = await fn(stack.base, 'quiz', 'get', { articleId }, LEARNER);
    expect(quiz.ok).toBe(true);
    expect(quiz.data.questions).toEqual([{ prompt: '学习是一门什么？', options: ['天赋', '可以练习的手艺'] }]);
  }, 120_000);

  it("sees a learner's result on the editor and the pass rate on the learning page", async () => {
    const wrong = await fn(stack.base, 'quiz', 'submit', { articleId, answers: [0] }, LEARNER);
    expect(wrong.data).toMatchObject({ score: 0, passed: false });
    const right = await fn(stack.base, 'quiz', 'submit', { articleId, answers: [1] }, LEARNER);
    expect(right.data).toMatchObject({ score: 1, total: 1, passed: true });

    await page.reload();
    await page.waitForSelector('[data-test="quiz-results"]');
    const results = await page.locator('[data-test="quiz-results"]').textContent();
    expect(results).toContain('1/1 人通过');
    const learner = await stack.mysql.db('users').where('openid', LEARNER).first('id');
    expect(results).toContain(`学员 #${learner.id}`);
    expect(results).toContain('通过');

    await page.click('[data-test="menu-learning"]');
    await page.waitForSelector('[data-test="quiz-pass-rates"] tbody tr');
    const rates = await page.locator('[data-test="quiz-pass-rates"]').textContent();
    expect(rates).toContain('开篇词');
    expect(rates).toContain('100%（1/1）');
    await shot(page, 'learning-02-pass-rates');
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
