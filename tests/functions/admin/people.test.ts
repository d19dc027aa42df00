import { recountDailyMetrics } from '../../../sql/migrations/20261201_12_003_daily_metrics';
import { createHarness, type Harness } from '../../support/harness';
import { insertArticle, insertColumn, insertUser } from '../../support/fixtures';
import { adminToken, tableCounts } from './admin-support';

/** Learners, manual grants, staff accounts, the audit log and the dashboard numbers. */
describe('admin people, grants, staff and stats', () => {
  let h: Harness;
  let owner: { bearer: string };
  let columnId: number;
  let articleId: number;

  beforeAll(async () => {
    h = await createHarness();
    owner = { bearer: await adminToken(h, 'boss', 'owner') };
    const now = h.clock.now();
    columnId = await insertColumn(h.db, now, { title: '线下班专栏' });
    articleId = await insertArticle(h.db, now, columnId, { title: '线下班第一课' });
  });
  afterAll(() => h.close());

  it('grant.create gives one openid access (creating the learner if new), and catalog unlocks for them', async () => {
    const res = await h.ok('admin', 'grant.create', { openid: 'offline-1', itemType: 'column', itemId: columnId, days: 30 }, owner);
    expect(res).toMatchObject({ granted: 1, skipped: 0 });
    expect(new Date(res.expiresAt).getTime()).toBe(h.clock.now().getTime() + 30 * 86400_000);
    const col = await h.ok('catalog', 'column', { columnId }, { openid: 'offline-1' });
    expect(col.owned).toBe(true);
    const again = await h.ok('admin', 'grant.create', { openid: 'offline-1', itemType: 'column', itemId: columnId }, owner);
    expect(again).toMatchObject({ granted: 0, skipped: 1 });
  });

  it('grant.bulk takes a pasted list, skips duplicates and those already granted, and audits the list', async () => {
    const res = await h.ok(
      'admin',
      'grant.bulk',
      { openids: ['offline-1', 'offline-2', 'offline-3', 'offline-2'], itemType: 'article', itemId: articleId },
      owner,
    );
    expect(res).toMatchObject({ granted: 3, skipped: 0 });
    const again = await h.ok('admin', 'grant.bulk', { openids: ['offline-3', 'offline-4'], itemType: 'article', itemId: articleId }, owner);
    expect(again).toMatchObject({ granted: 1, skipped: 1, skippedOpenids: ['offline-3'] });
    const audit = await h.db('audit_log').where({ action: 'grant.bulk' }).orderBy('id');
    expect(JSON.parse(audit[0].after_json).openids).toEqual(['offline-1', 'offline-2', 'offline-3']);
  });

  it('grant.bulk by 学员编号: the learner sees the number, the grant finds them; an unknown number refuses the whole list', async () => {
    const now = h.clock.now();
    const id = await insertUser(h.db, now, 'numbered-learner');
    const res = await h.ok('admin', 'grant.bulk', { learnerNos: [100_000 + id], itemType: 'column', itemId: columnId }, owner);
    expect(res).toMatchObject({ granted: 1, skipped: 0 });
    expect((await h.ok('catalog', 'column', { columnId }, { openid: 'numbered-learner' })).owned).toBe(true);
    const before = await h.db('entitlements').count('* as n').first();
    const bad = await h.fails(
      'INVALID_INPUT',
      'admin',
      'grant.bulk',
      { learnerNos: [100_000 + id, 999_999], itemType: 'article', itemId: articleId },
      owner,
    );
    expect(bad.message).toBe('学员编号不存在：999999');
    expect((await h.db('entitlements').count('* as n').first())?.n).toEqual(before?.n);
    await h.fails('INVALID_INPUT', 'admin', 'grant.bulk', { itemType: 'article', itemId: articleId }, owner);
  });

  it('user.list finds a learner by 学员编号, by nickname and by one of their order numbers', async () => {
    const now = h.clock.now();
    const id = await insertUser(h.db, now, 'searchable-learner');
    await h.db('users').where({ id }).update({ nickname: '爱读书的小王' });
    const orderNo = 'o'.padEnd(24, '7');
    await h.db('orders').insert({
      order_no: orderNo,
      user_id: id,
      item_type: 'column',
      item_id: columnId,
      title: '线下班专栏',
      amount_fen: 100,
      status: 'closed',
      provider: 'sandbox',
      created_at: now,
      updated_at: now,
      expires_at: now,
    });
    for (const q of [String(100_000 + id), '小王', orderNo]) {
      const found = await h.ok('admin', 'user.list', { q }, owner);
      expect([q, found.items.map((u: any) => u.learnerNo)]).toEqual([q, [100_000 + id]]);
    }
  });

  it('a grant of something that does not exist is NOT_FOUND and writes nothing', async () => {
    const before = await tableCounts(h, ['users', 'entitlements', 'audit_log']);
    await h.fails('NOT_FOUND', 'admin', 'grant.bulk', { openids: ['ghost-1', 'ghost-2'], itemType: 'column', itemId: 999_999 }, owner);
    await h.fails('INVALID_INPUT', 'admin', 'grant.bulk', { openids: [], itemType: 'column', itemId: columnId }, owner);
    await h.fails(
      'INVALID_INPUT',
      'admin',
      'grant.bulk',
      { openids: Array.from({ length: 501 }, (_, i) => `u${i}`), itemType: 'column', itemId: columnId },
      owner,
    );
    await h.fails('INVALID_INPUT', 'admin', 'grant.create', { openid: 'x', itemType: 'course', itemId: columnId }, owner);
    expect(await tableCounts(h, ['users', 'entitlements', 'audit_log'])).toEqual(before);
  });

  it('user.list takes % and _ literally in the search, on every database', async () => {
    const now = h.clock.now();
    await insertUser(h.db, now, 'snake_case_fan');
    await insertUser(h.db, now, 'snakeXcaseXfan');
    const found = await h.ok('admin', 'user.list', { q: 'snake_case' }, owner);
    expect(found.items.map((u: any) => u.openid)).toEqual(['snake_case_fan']);
  });

  it('user.list searches, user.get shows entitlements with titles; grant.revoke takes a grant back', async () => {
    const list = await h.ok('admin', 'user.list', { q: 'offline-1' }, owner);
    expect(list.items.map((u: any) => u.openid)).toEqual(['offline-1']);
    const detail = await h.ok('admin', 'user.get', { id: list.items[0].id }, owner);
    expect(detail.entitlements.map((e: any) => [e.itemType, e.title, e.source, e.active])).toEqual(
      expect.arrayContaining([
        ['column', '线下班专栏', 'grant', true],
        ['article', '线下班第一课', 'grant', true],
      ]),
    );
    const columnGrant = detail.entitlements.find((e: any) => e.itemType === 'column');
    await h.ok('admin', 'grant.revoke', { entitlementId: columnGrant.id }, owner);
    await h.fails('CONFLICT', 'admin', 'grant.revoke', { entitlementId: columnGrant.id }, owner);
    expect((await h.ok('catalog', 'column', { columnId }, { openid: 'offline-1' })).owned).toBe(false);
  });

  it('an order entitlement cannot be revoked here (refund it instead)', async () => {
    const now = h.clock.now();
    const userId = await insertUser(h.db, now, 'payer-1');
    const [entId] = await h
      .db('entitlements')
      .insert({ user_id: userId, scope: 'column', item_id: columnId, source: 'order', source_id: 'ORD1', starts_at: now, created_at: now });
    await h.fails('CONFLICT', 'admin', 'grant.revoke', { entitlementId: Number(entId) }, owner);
  });

  it('staff: create, sign in with the new account, change role, keep at least one owner', async () => {
    const created = await h.ok('admin', 'staff.create', { username: 'writer', password: 'long-enough-1', role: 'editor' }, owner);
    expect(created).toMatchObject({ username: 'writer', role: 'editor', status: 'active' });
    await h.fails('CONFLICT', 'admin', 'staff.create', { username: 'writer', password: 'long-enough-1', role: 'editor' }, owner);
    await h.fails('INVALID_INPUT', 'admin', 'staff.create', { username: 'w', password: 'short', role: 'god' }, owner);
    const login = await h.ok('admin', 'login', { username: 'writer', password: 'long-enough-1' });
    expect(login.admin.role).toBe('editor');
    await h.ok('admin', 'staff.update', { id: created.id, role: 'support' }, owner);
    // The role change ended the old session (tests/security/sessions.test.ts); the new one carries the new role.
    await h.fails('UNAUTHENTICATED', 'admin', 'me', {}, { bearer: login.token });
    const again = await h.ok('admin', 'login', { username: 'writer', password: 'long-enough-1' });
    expect((await h.ok('admin', 'me', {}, { bearer: again.token })).admin.role).toBe('support');

    const boss = await h.db('admins').where({ username: 'boss' }).first('id');
    await h.fails('CONFLICT', 'admin', 'staff.update', { id: Number(boss.id), role: 'editor' }, owner);
    await h.fails('CONFLICT', 'admin', 'staff.update', { id: Number(boss.id), status: 'disabled' }, owner);

    await h.ok('admin', 'staff.update', { id: created.id, password: 'new-password-2' }, owner);
    await h.fails('UNAUTHENTICATED', 'admin', 'login', { username: 'writer', password: 'long-enough-1' });
    const audit = await h
      .db('audit_log')
      .where({ action: 'staff.update', target_id: String(created.id) })
      .orderBy('id');
    expect(audit.at(-1).after_json).not.toContain('new-password-2');
    expect(JSON.parse(audit.at(-1).after_json).passwordChanged).toBe(true);
  });

  it('audit.list pages newest first with the admin name', async () => {
    const first = await h.ok('admin', 'audit.list', { limit: 2 }, owner);
    expect(first.items).toHaveLength(2);
    expect(first.items[0].id).toBeGreaterThan(first.items[1].id);
    expect(first.items[0].admin.username).toBe('boss');
    const second = await h.ok('admin', 'audit.list', { limit: 2, cursor: first.nextCursor }, owner);
    expect(second.items[0].id).toBeLessThan(first.items[1].id);
    await h.fails('INVALID_INPUT', 'admin', 'audit.list', { cursor: 'not!valid' }, owner);
  });

  it('stats.overview: revenue per Shanghai day in fen, orders, paying users, active learners, top articles', async () => {
    const now = h.clock.now(); // 2026-06-01T02:00Z = 10:00 in Shanghai
    const u1 = await insertUser(h.db, now, 'stat-1');
    const u2 = await insertUser(h.db, now, 'stat-2');
    let n = 0;
    const order = (userId: number, amount: number, paidAt: Date, status = 'paid') =>
      h.db('orders').insert({
        order_no: `S${++n}`,
        user_id: userId,
        item_type: 'column',
        item_id: columnId,
        title: 't',
        amount_fen: amount,
        status,
        provider: 'sandbox',
        created_at: paidAt,
        expires_at: paidAt,
        paid_at: paidAt,
        updated_at: paidAt,
      });
    await order(u1, 9900, now);
    await order(u2, 100, new Date('2026-05-31T17:00:00Z')); // 01:00 on 06-01 in Shanghai
    await order(u2, 500, new Date('2026-05-31T15:00:00Z')); // 23:00 on 05-31 in Shanghai
    await order(u1, 300, now, 'refunded');
    await h.db('learning_daily').insert([
      { user_id: u1, day: '2026-06-01', seconds: 60 },
      { user_id: u2, day: '2026-05-20', seconds: 60 },
    ]);
    await h.db('reading_progress').insert({
      user_id: u1,
      article_id: articleId,
      percent: 100,
      position_sec: 0,
      duration_sec: 60,
      completed: true,
      completed_at: now,
      last_report_at: now,
      created_at: now,
    });
    // The per-article summary progress.report keeps beside its rows (written by hand here, as the row is).
    await h.db('article_reading_stats').insert({ article_id: articleId, column_id: columnId, published: true, readers: 1, completed: 1 });
    // And the per-day counters the write paths keep (rows were written by hand here): recounted from the facts.
    await recountDailyMetrics(h.db);

    const stats = await h.ok('admin', 'stats.overview', { days: 7 }, owner);
    expect(stats.daily).toHaveLength(7);
    expect(stats.daily.at(-1)).toEqual({ day: '2026-06-01', revenueFen: 10300, refundFen: 300, orders: 3 });
    expect(stats.daily.at(-2)).toEqual({ day: '2026-05-31', revenueFen: 500, refundFen: 0, orders: 1 });
    expect(stats.totals).toMatchObject({ revenueFen: 10800, refundFen: 300, orders: 4, payingUsers: 2, activeLearners: 1 });
    expect(stats.topArticles[0]).toEqual({ articleId, title: '线下班第一课', readers: 1, completed: 1 });
    expect(stats.completionByColumn.find((c: any) => c.columnId === columnId)).toEqual({
      columnId,
      title: '线下班专栏',
      articles: 1,
      learners: 1,
      finishers: 1,
      reads: 1,
      completed: 1,
      rate: 1,
    });
    const funnel = await h.ok('admin', 'stats.column', { columnId }, owner);
    expect(funnel.items).toEqual([expect.objectContaining({ articleId, readers: 1, completed: 1 })]);
    await h.fails('NOT_FOUND', 'admin', 'stats.column', { columnId: 999_999 }, owner);
    const progress = await h.ok('admin', 'user.progress', { id: u1 }, owner);
    expect(progress.items).toEqual([expect.objectContaining({ articleId, percent: 100, completed: true })]);
    expect(progress.totalSec).toBe(60);
    await h.fails('INVALID_INPUT', 'admin', 'stats.overview', { days: 91 }, owner);
  });
});

describe('admin grants under concurrency', () => {
  it('the same grant sent five times at once leaves one active entitlement', async () => {
    const h = await createHarness({ poolMax: 6 });
    try {
      const owner = { bearer: await adminToken(h, 'boss', 'owner') };
      const columnId = await insertColumn(h.db, h.clock.now());
      const results = await Promise.all(
        Array.from({ length: 5 }, () =>
          h.call('admin', 'grant.create', { openid: 'twice-clicked', itemType: 'column', itemId: columnId }, owner),
        ),
      );
      expect(results.every((r) => r.ok)).toBe(true);
      const rows = await h
        .db('entitlements as e')
        .join('users as u', 'u.id', 'e.user_id')
        .where({ 'u.openid': 'twice-clicked', 'e.scope': 'column' });
      expect(rows).toHaveLength(1);
      expect(await h.db('users').where({ openid: 'twice-clicked' })).toHaveLength(1);
    } finally {
      await h.close();
    }
  });
});
