import { useHarness } from '../support/harness';
import { grant, insertArticle, insertColumn, insertUser } from '../support/fixtures';
import { adminToken, tableCounts } from './admin/admin-support';

/** Certificates: issued once, when everything is complete and every quiz passed; anyone can verify one. */
describe('certificates', () => {
  const h = useHarness();
  let owner: { bearer: string };
  let col: number;
  let a1: number;
  let a2: number;
  let empty: number;
  let learners = 0;

  beforeAll(async () => {
    const now = h.clock.now();
    owner = { bearer: await adminToken(h, 'cert-owner', 'owner') };
    col = await insertColumn(h.db, now, { title: '结业专栏' });
    a1 = await insertArticle(h.db, now, col, { title: '第一课', sort: 0 });
    a2 = await insertArticle(h.db, now, col, { title: '第二课', sort: 1 });
    // Not released: counts for nobody.
    await insertArticle(h.db, now, col, { title: '草稿', status: 'draft' });
    await insertArticle(h.db, now, col, { title: '定时', publish_at: new Date(now.getTime() + 86400_000) });
    empty = await insertColumn(h.db, now, { title: '空专栏' });
    await h.ok('admin', 'quiz.set', { articleId: a2, questions: [{ prompt: '对吗', options: ['对', '错'], answer: 0 }] }, owner);
  });

  async function learner(opts: { complete?: number[]; pass?: boolean } = {}) {
    const now = h.clock.now();
    learners += 1;
    const openid = `cert-${learners}`;
    const userId = await insertUser(h.db, now, openid);
    await h
      .db('users')
      .where('id', userId)
      .update({ nickname: `学员${learners}` });
    await grant(h.db, now, userId, 'column', col);
    for (const articleId of opts.complete ?? []) {
      await h.db('reading_progress').insert({
        user_id: userId,
        article_id: articleId,
        percent: 100,
        completed: true,
        completed_at: now,
        last_report_at: now,
        created_at: now,
      });
    }
    if (opts.pass !== undefined) await h.ok('quiz', 'submit', { articleId: a2, answers: [opts.pass ? 0 : 1] }, { openid });
    return { openid, userId };
  }

  it('refuses an incomplete column, an unpassed quiz, a column without articles and a missing column — issuing nothing', async () => {
    const before = await tableCounts(h, ['certificates', 'users']);
    const half = await learner({ complete: [a1] });
    const e = await h.fails('FORBIDDEN', 'certificate', 'get', { columnId: col }, { openid: half.openid });
    expect(e.details).toMatchObject({ total: 2, completed: 1, quizzes: 1, quizzesPassed: 0 });
    const failed = await learner({ complete: [a1, a2], pass: false });
    await h.fails('FORBIDDEN', 'certificate', 'get', { columnId: col }, { openid: failed.openid });
    await h.fails('FORBIDDEN', 'certificate', 'get', { columnId: empty }, { openid: failed.openid });
    await h.fails('NOT_FOUND', 'certificate', 'get', { columnId: 999999 }, { openid: failed.openid });
    await h.fails('UNAUTHENTICATED', 'certificate', 'get', { columnId: col });
    expect((await tableCounts(h, ['certificates'])).certificates).toBe(before.certificates);
    expect(await h.ok('certificate', 'status', { columnId: col }, { openid: failed.openid })).toMatchObject({
      eligible: false,
      total: 2,
      completed: 2,
      quizzes: 1,
      quizzesPassed: 0,
      certificate: null,
    });
  });

  it('issues once when everything is complete and the quiz passed; a second claim returns the same', async () => {
    const done = await learner({ complete: [a1, a2], pass: true });
    expect((await h.ok('certificate', 'status', { columnId: col }, { openid: done.openid })).eligible).toBe(true);
    const cert = await h.ok('certificate', 'get', { columnId: col }, { openid: done.openid });
    expect(cert).toMatchObject({
      columnId: col,
      columnTitle: '结业专栏',
      learnerName: `学员${learners}`,
      status: 'valid',
      revokedAt: null,
    });
    expect(cert.certificateNo).toMatch(/^ZS\d{4}[0-9A-Z]{12}$/);
    expect(cert.issuedAt).toBe(h.clock.now().toISOString());
    h.clock.advanceSec(60);
    expect(await h.ok('certificate', 'get', { columnId: col }, { openid: done.openid })).toEqual(cert);
    expect((await h.ok('certificate', 'status', { columnId: col }, { openid: done.openid })).certificate).toEqual(cert);
  });

  it('concurrent claims issue exactly one certificate', async () => {
    const done = await learner({ complete: [a1, a2], pass: true });
    const claims = await Promise.all(
      Array.from({ length: 6 }, () => h.ok('certificate', 'get', { columnId: col }, { openid: done.openid })),
    );
    expect(new Set(claims.map((c) => c.certificateNo)).size).toBe(1);
    expect(await h.db('certificates').where('user_id', done.userId)).toHaveLength(1);
  });

  it('after a refund, a learner who had not claimed cannot', async () => {
    const refunded = await learner({ complete: [a1, a2], pass: true });
    await h.db('entitlements').where('user_id', refunded.userId).update({ revoked_at: h.clock.now() });
    const e = await h.fails('FORBIDDEN', 'certificate', 'get', { columnId: col }, { openid: refunded.openid });
    expect(e.details).toMatchObject({ unreadable: 2 });
  });

  it('anyone verifies a certificate without seeing who holds it; made-up numbers are NOT_FOUND', async () => {
    const [row] = await h.db('certificates').orderBy('id').limit(1);
    const v = await h.ok('catalog', 'verifyCertificate', { certificateNo: row.certificate_no.toLowerCase() });
    expect(v).toMatchObject({ certificateNo: row.certificate_no, columnTitle: '结业专栏', status: 'valid' });
    expect(JSON.stringify(v)).not.toMatch(/openid|cert-\d|userId/);
    await h.fails('NOT_FOUND', 'catalog', 'verifyCertificate', { certificateNo: 'ZS2026AAAAAAAAAAAA' });
    await h.fails('NOT_FOUND', 'catalog', 'verifyCertificate', { certificateNo: "' OR 1=1 --" });
    await h.fails('INVALID_INPUT', 'catalog', 'verifyCertificate', { certificateNo: '' });
  });

  it('the certificate carries a 小程序码 to the verification page, only for its holder', async () => {
    const holder = await learner({ complete: [a1, a2], pass: true });
    await h.fails('NOT_FOUND', 'certificate', 'code', { columnId: col }, { openid: holder.openid });
    const cert = await h.ok('certificate', 'get', { columnId: col }, { openid: holder.openid });
    // Locally the code is a plain QR of the verification page; in the cloud, wxacode.getUnlimited.
    const local = await h.ok('certificate', 'code', { columnId: col }, { openid: holder.openid });
    expect(local).toMatchObject({ certificateNo: cert.certificateNo, page: 'pages/my/verify/index', scene: cert.certificateNo });
    expect(local.image.startsWith('data:image/png;base64,')).toBe(true);
    const asked: unknown[] = [];
    const real = h.deps.miniCode;
    (h.deps as { miniCode: typeof real }).miniCode = {
      kind: 'wxacode',
      getUnlimited: async (input) => (asked.push(input), Buffer.from('PNG')),
    };
    try {
      const code = await h.ok('certificate', 'code', { columnId: col }, { openid: holder.openid });
      expect(code.image).toBe(`data:image/png;base64,${Buffer.from('PNG').toString('base64')}`);
      expect(asked).toEqual([{ page: 'pages/my/verify/index', scene: cert.certificateNo }]);
    } finally {
      (h.deps as { miniCode: typeof real }).miniCode = real;
    }
    expect(cert.certificateNo.length).toBeLessThanOrEqual(32);
    await h.db('certificates').where('certificate_no', cert.certificateNo).delete();
  });

  it('the CMS lists certificates and revokes one (audited); verification then says revoked', async () => {
    const { items } = await h.ok('admin', 'certificate.list', { columnId: col }, owner);
    expect(items.length).toBe(2);
    const target = items[0];
    const editor = { bearer: await adminToken(h, 'cert-editor', 'editor') };
    await h.fails('FORBIDDEN', 'admin', 'certificate.revoke', { certificateNo: target.certificateNo, reason: '作弊' }, editor);
    await h.fails('NOT_FOUND', 'admin', 'certificate.revoke', { certificateNo: 'ZS2026NOPE', reason: '作弊' }, owner);
    const revoked = await h.ok('admin', 'certificate.revoke', { certificateNo: target.certificateNo, reason: '作弊' }, owner);
    expect(revoked).toMatchObject({ status: 'revoked', revokeReason: '作弊' });
    await h.fails('CONFLICT', 'admin', 'certificate.revoke', { certificateNo: target.certificateNo, reason: '再次' }, owner);
    expect(await h.db('audit_log').where({ action: 'certificate.revoke', target_id: target.certificateNo })).toHaveLength(1);
    expect(await h.ok('catalog', 'verifyCertificate', { certificateNo: target.certificateNo })).toMatchObject({
      status: 'revoked',
      revokedAt: h.clock.now().toISOString(),
    });
    const search = await h.ok('admin', 'certificate.list', { q: target.learnerName }, owner);
    expect(search.items.map((c: { certificateNo: string }) => c.certificateNo)).toEqual([target.certificateNo]);
  });
});
