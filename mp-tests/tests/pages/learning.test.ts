import { createMpApp, type MpApp } from '../support/mp';
import { articleId, columnId, grantColumn } from '../support/seed';
import { adminToken } from '../../../tests/functions/admin/admin-support';
import { plainTextOf as serverPlainText } from '../../../server/domain/content/plain-text';

/**
 * Learning like 极客时间/得到 (docs/learning.md): highlight a passage in the reader and see it in
 * "my notes" and its Markdown export, take a quiz after the body, claim a certificate and draw it,
 * verify it, and subscribe to new lessons on the column page.
 */
describe('learning: notes, quizzes, certificates, notices', () => {
  let app: MpApp;
  let learning: number;
  let forgetting: number;
  const openid = 'learning-learner';
  const QUIZ = [
    { prompt: '遗忘最快发生在？', options: ['学完之后不久', '一个月以后'], answer: 0 },
    { prompt: '对抗遗忘靠？', options: ['一次读很久', '间隔复习'], answer: 1 },
  ];

  beforeAll(async () => {
    app = await createMpApp({ openid });
    learning = await columnId(app.h.db, '高效学习的科学');
    forgetting = await articleId(app.h.db, '遗忘曲线：记忆衰减的规律');
    await grantColumn(app.h.db, openid, learning);
    await app.h.db('users').where('openid', openid).update({ nickname: '认真学习的小李' });
    const bearer = await adminToken(app.h, 'learning-editor', 'editor');
    await app.h.ok('admin', 'quiz.set', { articleId: forgetting, questions: QUIZ }, { bearer });
  });
  afterAll(() => app.close());

  it("the mini program's plain text and sentences are the server's, on every demo article", async () => {
    const { plainTextOf, paragraphsOf } = app.mp('utils/plain-text');
    const rows = await app.h.db('articles').select('body_html');
    expect(rows.length).toBeGreaterThan(3);
    for (const { body_html } of rows) {
      const plain = serverPlainText(body_html);
      expect(plainTextOf(body_html)).toBe(plain);
      for (const p of paragraphsOf(body_html)) for (const s of p.sentences) expect(plain.slice(s.start, s.end)).toBe(s.text);
    }
  });

  it('highlights a passage with a note in the reader, then finds and exports it in my notes', async () => {
    const reader = await app.open(`/pages/reader/article/index?id=${forgetting}`);
    expect(reader.page.data.granted).toBe(true);
    await reader.tap('.note-layer >>> .toggle');
    const sentences = reader.$$('.note-layer >>> .sentence');
    expect(sentences.length).toBeGreaterThan(3);
    await reader.tap('.note-layer >>> .sentence', 1);
    await reader.tap('.note-layer >>> .sentence', 2);
    const layer = reader.$('.note-layer');
    const quote: string = layer.instance.data.quote;
    expect(quote.length).toBeGreaterThan(4);
    layer.instance.onDraft({ detail: { value: '复习要趁早' } });
    await reader.tap('.note-layer >>> .save');
    const [row] = await app.h.db('notes').select('*');
    expect(row).toMatchObject({ quote, text: '复习要趁早', article_id: forgetting });
    const body = (await app.h.db('articles').where('id', forgetting).first('body_html')).body_html;
    expect(serverPlainText(body).slice(row.anchor_start, row.anchor_end)).toBe(quote);
    expect(reader.count('note')).toBe(1);
    expect(reader.count('marked')).toBeGreaterThanOrEqual(2);

    const notes = await app.open('/pages/my/notes/index');
    expect(notes.text()).toContain('复习要趁早');
    expect(notes.text()).toContain('遗忘曲线');
    await notes.tap('.export');
    expect(notes.page.data.markdown).toContain(`> ${quote.split('\n')[0]}`);
    expect(notes.page.data.markdown).toContain('### 遗忘曲线：记忆衰减的规律');
    await notes.tap('.copy');
    expect(app.fake.clipboard.at(-1)).toBe(notes.page.data.markdown);
    notes.page.onSearch({ detail: { value: '不存在的词' } });
    await app.settle();
    expect(notes.page.data.status).toBe('empty');
  });

  it('takes the quiz after the body: answers are not on the device, the score comes from the server', async () => {
    const reader = await app.open(`/pages/reader/article/index?id=${forgetting}`);
    const quiz = reader.$('.article-quiz');
    expect(JSON.stringify(quiz.instance.data.questions)).not.toContain('answer');
    expect(reader.text()).toContain('课后测验');
    await reader.tap('.article-quiz >>> .submit');
    expect(reader.text()).toContain('还有题目没有作答');
    await reader.tap('.article-quiz >>> .option', 0); // q1 right
    await reader.tap('.article-quiz >>> .option', 2); // q2 wrong
    await reader.tap('.article-quiz >>> .submit');
    expect(reader.text()).toContain('得分 1/2');
    await reader.tap('.article-quiz >>> .again');
    await reader.tap('.article-quiz >>> .option', 0);
    await reader.tap('.article-quiz >>> .option', 3);
    await reader.tap('.article-quiz >>> .submit');
    expect(reader.text()).toContain('得分 2/2');
    expect(reader.text()).toContain('通过');
  });

  it('claims the certificate once everything is done, draws it, saves it and verifies it', async () => {
    const page = await app.open(`/pages/my/certificate/index?columnId=${learning}`);
    expect(page.page.data.eligible).toBe(false);
    expect(page.text()).toContain('学完全部文章');
    const user = await app.h.db('users').where('openid', openid).first('id');
    const released = await app.h
      .db('articles')
      .where({ column_id: learning, status: 'published' })
      .where('publish_at', '<=', app.h.clock.now());
    for (const a of released) {
      await app.h
        .db('reading_progress')
        .insert({
          user_id: user.id,
          article_id: a.id,
          percent: 100,
          completed: true,
          completed_at: new Date(),
          last_report_at: new Date(),
          created_at: new Date(),
        })
        .onConflict(['user_id', 'article_id'])
        .merge({ percent: 100, completed: true });
    }
    await page.page.load();
    await app.settle();
    expect(page.page.data.eligible).toBe(true);
    await page.tap('.claim');
    const cert = page.page.data.cert;
    expect(cert).toMatchObject({ learnerName: '认真学习的小李', columnTitle: '高效学习的科学', status: 'valid' });
    const texts = app.fake.canvasOps.filter((op) => op[0] === 'fillText').map((op) => op[1]);
    expect(texts).toEqual(expect.arrayContaining(['结业证书', '认真学习的小李', '《高效学习的科学》', `证书编号 ${cert.certificateNo}`]));
    await page.tap('.save');
    expect(app.fake.savedImages).toEqual(['wxfile://tmp_certificate.png']);
    await page.tap('.verify');
    expect(app.lastRoute()).toBe(`/pages/my/verify/index?no=${cert.certificateNo}`);

    const verify = await app.as('someone-else', () => app.open(`/pages/my/verify/index?no=${cert.certificateNo}`));
    expect(verify.text()).toContain('证书真实有效');
    expect(verify.text()).toContain('认真学习的小李');
    expect(app.fake.calls.some((c) => c.name === 'certificate' && c.action === 'code')).toBe(true);
    // Scanning the certificate's 小程序码 opens the page with the number as its scene.
    const scanned = await app.as('a-stranger', () => app.open(`/pages/my/verify/index?scene=${encodeURIComponent(cert.certificateNo)}`));
    expect(scanned.text()).toContain('证书真实有效');
    verify.page.onInput({ detail: { value: 'ZS2026NOTREAL0000' } });
    await verify.tap('.go');
    expect(verify.text()).toContain('未找到该证书');
  });

  it('subscribes to new lessons on the column page', async () => {
    const column = await app.open(`/pages/column/detail/index?id=${learning}`);
    await column.tap('.column-learning >>> .subscribe');
    expect(app.fake.subscribePrompts.at(-1)).toEqual(['local-new-lesson']);
    const user = await app.h.db('users').where('openid', openid).first('id');
    expect(await app.h.db('notice_grants').where({ user_id: user.id, column_id: learning })).toHaveLength(1);
    expect(column.text()).toContain('已预约 1 次');
    app.fake.subscribeAnswer = 'reject';
    await column.tap('.column-learning >>> .subscribe');
    expect(await app.h.db('notice_grants').where({ user_id: user.id })).toHaveLength(1);
    expect(column.text()).toContain('结业证书');
  });
});
