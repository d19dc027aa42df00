import { useHarness } from '../../support/harness';
import { insertArticle, insertChapter, insertColumn } from '../../support/fixtures';
import { loadFunction } from '../../../server/emulator/functions';
import { adminToken, tableCounts } from './admin-support';

/**
 * Every admin action × every role: a role with the right gets past the door (its answer may
 * still be NOT_FOUND or CONFLICT for the sample input), a role without it gets FORBIDDEN, and a
 * call without a session gets UNAUTHENTICATED.
 */
type Role = 'owner' | 'editor' | 'support';
const ALL: Role[] = ['owner', 'editor', 'support'];
const CONTENT: Role[] = ['owner', 'editor'];
const OWNER: Role[] = ['owner'];
/** Support answers learners: orders and learner look-ups, nothing that writes. */
const SUPPORT: Role[] = ['owner', 'support'];

describe('admin function: who may call what', () => {
  const h = useHarness();
  const tokens = {} as Record<Role, string>;
  let columnId: number;
  let chapterId: number;
  let articleId: number;
  let commentId: number;

  beforeAll(async () => {
    const now = h.clock.now();
    columnId = await insertColumn(h.db, now);
    chapterId = await insertChapter(h.db, now, columnId);
    articleId = await insertArticle(h.db, now, columnId, { chapter_id: chapterId });
    const [userId] = await h.db('users').insert({ openid: 'commenter', nickname: '学员', avatar: '', created_at: now, updated_at: now });
    const [id] = await h.db('comments').insert({
      article_id: articleId,
      user_id: userId,
      content: '写得好',
      status: 'pending',
      pinned: false,
      is_author_reply: false,
      like_count: 0,
      created_at: now,
      updated_at: now,
    });
    commentId = Number(id);
    for (const role of ALL) tokens[role] = await adminToken(h, `role-${role}`, role);
  });

  const matrix = (): Record<string, { roles: Role[]; input: Record<string, unknown> }> => ({
    me: { roles: ALL, input: {} },
    labels: { roles: ALL, input: {} },
    'column.list': { roles: CONTENT, input: {} },
    'column.get': { roles: CONTENT, input: { id: columnId } },
    'column.create': { roles: CONTENT, input: { title: '矩阵专栏', priceFen: 100, memberIncluded: false } },
    'column.update': { roles: CONTENT, input: { id: columnId, subtitle: '副标题' } },
    'column.delete': { roles: CONTENT, input: { id: 2_000_000 } },
    'column.publish': { roles: CONTENT, input: { id: columnId } },
    'column.unpublish': { roles: CONTENT, input: { id: 2_000_000 } },
    'column.archive': { roles: CONTENT, input: { id: 2_000_000 } },
    'column.reorder': { roles: CONTENT, input: { ids: [columnId] } },
    'chapter.list': { roles: CONTENT, input: { columnId } },
    'chapter.get': { roles: CONTENT, input: { id: chapterId } },
    'chapter.create': { roles: CONTENT, input: { columnId, title: '矩阵章节' } },
    'chapter.update': { roles: CONTENT, input: { id: chapterId, title: '第一章' } },
    'chapter.delete': { roles: CONTENT, input: { id: 2_000_000 } },
    'chapter.reorder': { roles: CONTENT, input: { columnId, ids: [chapterId] } },
    'article.list': { roles: CONTENT, input: { columnId } },
    'article.get': { roles: CONTENT, input: { id: articleId } },
    'article.preview': { roles: CONTENT, input: { bodyMd: '# 标题' } },
    'article.create': { roles: CONTENT, input: { columnId, chapterId, title: '矩阵文章', bodyMd: '正文', isFree: true, priceFen: null } },
    'article.update': { roles: CONTENT, input: { id: articleId, summary: '新摘要' } },
    'article.delete': { roles: CONTENT, input: { id: 2_000_000 } },
    'article.publish': { roles: CONTENT, input: { id: articleId } },
    'article.unpublish': { roles: CONTENT, input: { id: 2_000_000 } },
    'article.reorder': { roles: CONTENT, input: { columnId, chapterId, ids: [articleId] } },
    'plan.list': { roles: OWNER, input: {} },
    'plan.get': { roles: OWNER, input: { id: 2_000_000 } },
    'plan.create': { roles: OWNER, input: { name: '月度会员', durationDays: 30, priceFen: 3000 } },
    'plan.update': { roles: OWNER, input: { id: 2_000_000, name: '年度会员' } },
    'plan.delete': { roles: OWNER, input: { id: 2_000_000 } },
    'virtualGoods.list': { roles: CONTENT, input: {} },
    'terms.get': { roles: CONTENT, input: {} },
    'terms.set': { roles: OWNER, input: { kind: 'purchaseTerms', text: '新的购买须知' } },
    'virtualGoods.export': { roles: CONTENT, input: {} },
    'order.list': { roles: ['owner', 'support'], input: {} },
    'order.get': { roles: ['owner', 'support'], input: { orderNo: 'a'.repeat(24) } },
    'order.export': { roles: OWNER, input: {} },
    'user.export': { roles: OWNER, input: {} },
    'order.refund': { roles: OWNER, input: { orderNo: 'a'.repeat(24), reason: '测试' } },
    'redeem.createBatch': { roles: OWNER, input: { itemType: 'column', itemId: columnId, count: 2 } },
    'redeem.list': { roles: OWNER, input: {} },
    'redeem.export': { roles: OWNER, input: { batchId: 2_000_000 } },
    'redeem.void': { roles: OWNER, input: { batchId: 2_000_000 } },
    'comment.list': { roles: CONTENT, input: { status: 'pending' } },
    'comment.moderate': { roles: CONTENT, input: { commentId, status: 'published' } },
    'comment.reply': { roles: CONTENT, input: { commentId, content: '谢谢支持' } },
    'comment.pin': { roles: CONTENT, input: { commentId, pinned: true } },
    'comment.delete': { roles: CONTENT, input: { commentId: 2_000_000 } },
    'user.list': { roles: SUPPORT, input: {} },
    'user.get': { roles: SUPPORT, input: { id: 2_000_000 } },
    'user.progress': { roles: SUPPORT, input: { id: 2_000_000 } },
    'stats.column': { roles: OWNER, input: { columnId } },
    'grant.create': { roles: OWNER, input: { openid: 'matrix-user', itemType: 'column', itemId: columnId } },
    'grant.bulk': { roles: OWNER, input: { openids: ['matrix-a', 'matrix-b'], itemType: 'column', itemId: columnId } },
    'grant.revoke': { roles: OWNER, input: { entitlementId: 2_000_000 } },
    'staff.list': { roles: OWNER, input: {} },
    'staff.create': { roles: OWNER, input: { username: 'new-editor', password: 'long-enough-1', role: 'editor' } },
    'staff.update': { roles: OWNER, input: { id: 2_000_000, role: 'editor' } },
    'audit.list': { roles: OWNER, input: {} },
    'stats.overview': { roles: OWNER, input: {} },
    'quiz.get': { roles: CONTENT, input: { articleId } },
    'quiz.set': { roles: CONTENT, input: { articleId, questions: [{ prompt: '矩阵题', options: ['甲', '乙'], answer: 0 }] } },
    'quiz.delete': { roles: CONTENT, input: { articleId: 2_000_000 } },
    'quiz.list': { roles: CONTENT, input: {} },
    'quiz.results': { roles: CONTENT, input: { articleId } },
    'certificate.list': { roles: SUPPORT, input: {} },
    'certificate.revoke': { roles: OWNER, input: { certificateNo: 'ZS2026NOPE', reason: '矩阵' } },
    'notice.list': { roles: CONTENT, input: {} },
    'notice.outbox': { roles: CONTENT, input: {} },
    'stats.growth': { roles: OWNER, input: {} },
    'coupon.create': { roles: OWNER, input: { title: '满减券', discount: { type: 'amount', amountFen: 100 }, stock: 10, perUserLimit: 1 } },
    'coupon.list': { roles: OWNER, input: {} },
    'coupon.get': { roles: OWNER, input: { id: 999 } },
    'coupon.stop': { roles: OWNER, input: { id: 999 } },
    'promotion.create': {
      roles: OWNER,
      input: {
        itemType: 'column',
        itemId: columnId,
        priceFen: 1,
        startsAt: '2026-06-01T00:00:00.000Z',
        endsAt: '2026-06-02T00:00:00.000Z',
      },
    },
    'promotion.list': { roles: OWNER, input: {} },
    'promotion.stop': { roles: OWNER, input: { id: 999 } },
    'gift.list': { roles: OWNER, input: {} },
    'referral.getSettings': { roles: OWNER, input: {} },
    'referral.settings': { roles: OWNER, input: { ratePercent: 10, holdDays: 7 } },
    'commission.list': { roles: OWNER, input: {} },
    'commission.export': { roles: OWNER, input: {} },
    'payout.create': { roles: OWNER, input: { openid: 'matrix-user', amountFen: 1 } },
    'payout.list': { roles: OWNER, input: {} },
  });

  it('the matrix covers every action the function exposes', () => {
    const exposed = Object.keys(loadFunction('admin').actions).filter((a) => a !== 'login');
    expect(Object.keys(matrix()).sort()).toEqual(exposed.sort());
  });

  it.each(ALL)('%s: allowed actions pass the role check, the rest are FORBIDDEN', async (role) => {
    for (const [name, { roles, input }] of Object.entries(matrix())) {
      const res = await h.call('admin', name, input, { bearer: tokens[role] });
      const code = res.ok ? 'OK' : res.error.code;
      if (roles.includes(role)) {
        expect([name, code]).not.toEqual([name, 'FORBIDDEN']);
        expect([name, code]).not.toEqual([name, 'UNAUTHENTICATED']);
        expect([name, code]).not.toEqual([name, 'INVALID_INPUT']);
        expect([name, code]).not.toEqual([name, 'INTERNAL']);
      } else {
        expect([name, code]).toEqual([name, 'FORBIDDEN']);
      }
    }
  });

  it('every action refuses an unknown field (such as a smuggled _openid) and writes nothing', async () => {
    const tables = [
      'columns',
      'chapters',
      'articles',
      'membership_plans',
      'entitlements',
      'admins',
      'audit_log',
      'users',
      'redeem_batches',
      'refunds',
    ];
    const before = await tableCounts(h, tables);
    for (const [name, { input }] of Object.entries(matrix())) {
      const res = await h.call('admin', name, { ...input, _openid: 'smuggled' }, { bearer: tokens.owner });
      expect([name, res.ok ? 'OK' : res.error.code]).toEqual([name, 'INVALID_INPUT']);
    }
    expect(await tableCounts(h, tables)).toEqual(before);
  });

  it('without a session every action but login is UNAUTHENTICATED', async () => {
    for (const [name, { input }] of Object.entries(matrix())) {
      const res = await h.call('admin', name, input);
      expect([name, res.ok ? 'OK' : res.error.code]).toEqual([name, 'UNAUTHENTICATED']);
    }
  });

  it('a forged, tampered or expired token is UNAUTHENTICATED', async () => {
    const [payload, mac] = tokens.owner.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 1, exp: Date.parse('2099-01-01') })).toString('base64url');
    for (const bearer of ['nonsense', `${forged}.${mac}`, `${payload}.${mac.slice(0, -2)}xx`]) {
      await h.fails('UNAUTHENTICATED', 'admin', 'me', {}, { bearer });
    }
    const saved = h.clock.now();
    h.clock.advance(9 * 3600_000);
    await h.fails('UNAUTHENTICATED', 'admin', 'me', {}, { bearer: tokens.owner });
    h.clock.set(saved);
    await h.ok('admin', 'me', {}, { bearer: tokens.owner });
  });

  it('a learner openid is not a CMS session', async () => {
    await h.fails('UNAUTHENTICATED', 'admin', 'column.list', {}, { openid: 'learner-1' });
  });

  it('a disabled account or a changed role takes effect on the next call', async () => {
    const token = await adminToken(h, 'soon-disabled', 'editor');
    await h.ok('admin', 'column.list', {}, { bearer: token });
    await h.db('admins').where({ username: 'soon-disabled' }).update({ role: 'support' });
    await h.fails('FORBIDDEN', 'admin', 'column.list', {}, { bearer: token });
    await h.db('admins').where({ username: 'soon-disabled' }).update({ status: 'disabled' });
    await h.fails('UNAUTHENTICATED', 'admin', 'me', {}, { bearer: token });
  });
});
