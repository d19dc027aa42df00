import { useHarness } from '../support/harness';
import { grant, insertArticle, insertColumn, insertUser } from '../support/fixtures';
import { adminToken, tableCounts } from './admin/admin-support';

/** Quizzes: the CMS sets them, learners with full access take them, answers never leave the server. */
describe('quiz function and admin quiz actions', () => {
  const h = useHarness();
  let as: { bearer: string };
  let col: number;
  let article: number;
  let noQuiz: number;
  let notBought: number;
  const me = 'quiz-me';
  const other = 'quiz-other';
  const QUESTIONS = [
    { prompt: '1 + 1 = ?', options: ['1', '2', '3'], answer: 1 },
    { prompt: '首都是？', options: ['北京', '上海'], answer: 0 },
    { prompt: '颜色', options: ['红', '绿', '蓝', '黄'], answer: 3 },
  ];
  const RIGHT = [1, 0, 3];
  const TABLES = ['quizzes', 'quiz_submissions', 'quiz_results', 'audit_log'];

  beforeAll(async () => {
    const now = h.clock.now();
    as = { bearer: await adminToken(h, 'quiz-editor', 'editor') };
    col = await insertColumn(h.db, now, { title: '测验专栏' });
    article = await insertArticle(h.db, now, col, { title: '有测验的课' });
    noQuiz = await insertArticle(h.db, now, col, { title: '没有测验的课', sort: 1 });
    const otherCol = await insertColumn(h.db, now);
    notBought = await insertArticle(h.db, now, otherCol);
    for (const openid of [me, other]) await grant(h.db, now, await insertUser(h.db, now, openid), 'column', col);
  });

  it('refuses invalid quizzes and changes nothing', async () => {
    const before = await tableCounts(h, TABLES);
    const bad = async (questions: unknown, field?: string) => {
      const e = await h.fails('INVALID_INPUT', 'admin', 'quiz.set', { articleId: article, questions }, as);
      if (field) expect(e.details.map((d: { field: string }) => d.field)).toContain(field);
    };
    await bad([]);
    await bad([{ prompt: 'q', options: ['a', 'b'], answer: 2 }], 'questions.0.answer');
    await bad([{ prompt: 'q', options: ['a'], answer: 0 }], 'questions.0.options');
    await bad([{ prompt: 'q', options: ['a', 'a'], answer: 0 }], 'questions.0.options');
    await bad([{ prompt: '', options: ['a', 'b'], answer: 0 }]);
    await bad([{ prompt: 'q', options: ['a', 'b'], answer: -1 }]);
    await h.fails('NOT_FOUND', 'admin', 'quiz.set', { articleId: 999999, questions: QUESTIONS }, as);
    await h.fails('UNAUTHENTICATED', 'admin', 'quiz.set', { articleId: article, questions: QUESTIONS });
    expect(await tableCounts(h, TABLES)).toEqual(before);
  });

  it('sets a quiz, audited; the CMS reads it back with answers', async () => {
    const set = await h.ok('admin', 'quiz.set', { articleId: article, questions: QUESTIONS }, as);
    expect(set).toMatchObject({ articleId: article, questions: QUESTIONS, passPercent: 60 });
    expect(await h.ok('admin', 'quiz.get', { articleId: article }, as)).toMatchObject({ questions: QUESTIONS });
    expect(await h.ok('admin', 'quiz.get', { articleId: noQuiz }, as)).toBeNull();
    const audit = await h.db('audit_log').where({ action: 'quiz.set', target_id: String(article) });
    expect(audit).toHaveLength(1);
  });

  it('learners get the questions without answers, only with full access', async () => {
    const quiz = await h.ok('quiz', 'get', { articleId: article }, { openid: me });
    expect(quiz.questions).toEqual(QUESTIONS.map(({ prompt, options }) => ({ prompt, options })));
    expect(JSON.stringify(quiz)).not.toContain('answer');
    expect(quiz.best).toBeNull();
    await h.fails('NOT_FOUND', 'quiz', 'get', { articleId: noQuiz }, { openid: me });
    await h.fails('FORBIDDEN', 'quiz', 'get', { articleId: notBought }, { openid: me });
    await h.fails('UNAUTHENTICATED', 'quiz', 'get', { articleId: article });
  });

  it('refuses answers of the wrong length or out of range, recording nothing', async () => {
    const before = await tableCounts(h, TABLES);
    let e = await h.fails('INVALID_INPUT', 'quiz', 'submit', { articleId: article, answers: [1, 0] }, { openid: me });
    expect(e.details[0].field).toBe('answers');
    e = await h.fails('INVALID_INPUT', 'quiz', 'submit', { articleId: article, answers: [1, 2, 3] }, { openid: me });
    expect(e.details[0].field).toBe('answers.1');
    await h.fails('INVALID_INPUT', 'quiz', 'submit', { articleId: article, answers: [1, -1, 3] }, { openid: me });
    await h.fails('INVALID_INPUT', 'quiz', 'submit', { articleId: article, answers: [1, 0.5, 3] }, { openid: me });
    await h.fails('FORBIDDEN', 'quiz', 'submit', { articleId: notBought, answers: [0] }, { openid: me });
    await h.fails('NOT_FOUND', 'quiz', 'submit', { articleId: noQuiz, answers: [0] }, { openid: me });
    expect(await tableCounts(h, TABLES)).toEqual(before);
  });

  it('scores submissions, records each and keeps the best', async () => {
    const first = await h.ok('quiz', 'submit', { articleId: article, answers: [0, 0, 3] }, { openid: me });
    expect(first).toMatchObject({ score: 2, total: 3, passed: true, best: { bestScore: 2, attempts: 1, passed: true } });
    const worse = await h.ok('quiz', 'submit', { articleId: article, answers: [0, 1, 0] }, { openid: me });
    expect(worse).toMatchObject({ score: 0, total: 3, passed: false, best: { bestScore: 2, attempts: 2, passed: true } });
    const best = await h.ok('quiz', 'submit', { articleId: article, answers: RIGHT }, { openid: me });
    expect(best).toMatchObject({ score: 3, passed: true, best: { bestScore: 3, attempts: 3 } });
    const fail = await h.ok('quiz', 'submit', { articleId: article, answers: [0, 1, 0] }, { openid: other });
    expect(fail).toMatchObject({ score: 0, passed: false, best: { passed: false } });
    expect(await h.db('quiz_submissions').count('* as n').first()).toMatchObject({ n: expect.anything() });
    expect(Number((await h.db('quiz_submissions').count('* as n').first())!.n)).toBe(4);
    expect((await h.ok('quiz', 'get', { articleId: article }, { openid: me })).best).toMatchObject({ bestScore: 3, total: 3 });
  });

  it('the CMS sees pass rates and each learner result; a taken quiz cannot be deleted', async () => {
    const { items } = await h.ok('admin', 'quiz.list', { columnId: col }, as);
    expect(items).toEqual([
      expect.objectContaining({
        articleId: article,
        articleTitle: '有测验的课',
        questionCount: 3,
        learners: 2,
        passed: 1,
        passRate: 0.5,
        submissions: 4,
      }),
    ]);
    const results = await h.ok('admin', 'quiz.results', { articleId: article }, as);
    expect(results.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ nickname: me, bestScore: 3, passed: true, attempts: 3 }),
        expect.objectContaining({ nickname: other, bestScore: 0, passed: false, attempts: 1 }),
      ]),
    );
    await h.fails('CONFLICT', 'admin', 'quiz.delete', { articleId: article }, as);
    await h.ok('admin', 'quiz.set', { articleId: noQuiz, questions: QUESTIONS.slice(0, 1) }, as);
    await h.ok('admin', 'quiz.delete', { articleId: noQuiz }, as);
    expect(await h.ok('admin', 'quiz.get', { articleId: noQuiz }, as)).toBeNull();
  });
});
