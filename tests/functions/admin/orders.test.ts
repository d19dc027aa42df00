import { createHarness, type Harness } from '../../support/harness';
import { insertArticle, insertColumn } from '../../support/fixtures';
import { notify, orderAndPrepay, payAtCashier } from '../../support/payments';
import { adminToken, tableCounts } from './admin-support';

/**
 * The CMS's orders and redeem codes: the admin function's thin layer over the orders domain —
 * filters, detail with payment events, refund (audited, once), batches with a CSV export.
 */
describe('admin orders and redeem codes', () => {
  let h: Harness;
  let owner: { bearer: string };
  let support: { bearer: string };
  let column: number;
  let article: number;

  const buy = async (openid: string, itemType = 'column', itemId = column) => {
    const orderNo = await orderAndPrepay(h, openid, itemType, itemId);
    await notify(h, payAtCashier(h, orderNo));
    return orderNo;
  };

  beforeAll(async () => {
    h = await createHarness();
    const now = h.clock.now();
    column = await insertColumn(h.db, now, { title: '付费专栏', price_fen: 9900 });
    article = await insertArticle(h.db, now, column, { price_fen: 990 });
    owner = { bearer: await adminToken(h, 'boss', 'owner') };
    support = { bearer: await adminToken(h, 'helpdesk', 'support') };
  });
  afterAll(() => h.close());

  it('order.list filters by status, learner and item; order.get shows the payment events', async () => {
    const paid = await buy('buyer-a');
    await orderAndPrepay(h, 'buyer-b', 'article', article); // left pending
    const all = await h.ok('admin', 'order.list', {}, support);
    expect(all.items.length).toBe(2);
    const onlyPaid = await h.ok('admin', 'order.list', { status: 'paid' }, support);
    expect(onlyPaid.items.map((o: any) => o.orderNo)).toEqual([paid]);
    expect((await h.ok('admin', 'order.list', { openid: 'buyer-b' }, support)).items[0]).toMatchObject({
      itemType: 'article',
      status: 'pending',
    });
    expect((await h.ok('admin', 'order.list', { itemType: 'column', itemId: column }, support)).items).toHaveLength(1);
    const detail = await h.ok('admin', 'order.get', { orderNo: paid }, support);
    expect(detail.order).toMatchObject({ orderNo: paid, status: 'paid', openid: 'buyer-a', amountFen: 9900 });
    expect(detail.events.map((e: any) => e.verdict)).toContain('settled');
    await h.fails('INVALID_INPUT', 'admin', 'order.list', { status: 'lost' }, support);
    await h.fails('INVALID_INPUT', 'admin', 'order.get', { orderNo: '../etc' }, support);
    await h.fails('NOT_FOUND', 'admin', 'order.get', { orderNo: 'a'.repeat(24) }, support);
  });

  it('support reads orders but cannot refund; the owner refunds once, audited, and access is gone', async () => {
    const orderNo = await buy('refundee');
    expect((await h.ok('catalog', 'column', { columnId: column }, { openid: 'refundee' })).owned).toBe(true);
    await h.fails('FORBIDDEN', 'admin', 'order.refund', { orderNo, reason: '学员申请' }, support);
    await h.fails('INVALID_INPUT', 'admin', 'order.refund', { orderNo, reason: '' }, owner);
    const refunded = await h.ok('admin', 'order.refund', { orderNo, reason: '学员申请' }, owner);
    expect(refunded.status).toBe('refunded');
    expect((await h.ok('catalog', 'column', { columnId: column }, { openid: 'refundee' })).owned).toBe(false);
    const again = await h.ok('admin', 'order.refund', { orderNo, reason: '重复点击' }, owner);
    expect(again.status).toBe('refunded');
    expect(await h.db('refunds')).toHaveLength(1);
    const audit = await h.db('audit_log').where({ action: 'order.refund', target_id: orderNo });
    expect(audit).toHaveLength(1);
    expect(Number(audit[0].admin_id)).toBe(Number((await h.db('admins').where({ username: 'boss' }).first('id')).id));
    expect(JSON.parse(audit[0].before_json)).toEqual({ status: 'paid' });
    expect(JSON.parse(audit[0].after_json)).toMatchObject({ status: 'refunded', reason: '学员申请' });
  });

  it('order.export: the filtered orders (date range included) as CSV in Chinese, audited; learners export likewise', async () => {
    const now = h.clock.now();
    const day = (ms: number) => new Date(now.getTime() + ms).toISOString();
    const csv = await h.ok('admin', 'order.export', { from: day(-3600_000), to: day(3600_000) }, owner);
    const lines = csv.csv.trim().split('\n');
    expect(lines[0]).toBe('订单号,商品类型,商品,金额（元）,状态,支付方式,学员编号,昵称,下单时间,支付时间,退款时间,交易号');
    expect(lines.length).toBe(1 + csv.rows);
    expect(csv.rows).toBeGreaterThanOrEqual(2);
    expect(csv.csv).toMatch(/,专栏,付费专栏,99\.00,(已支付|已退款),模拟支付（本地测试）,1000\d\d,/);
    expect(csv.filename).toMatch(/^orders-\d{12}\.csv$/);
    const none = await h.ok('admin', 'order.export', { from: day(-7200_000), to: day(-3600_000) }, owner);
    expect(none.rows).toBe(0);
    const audit = await h.db('audit_log').where({ action: 'export.orders' }).orderBy('id');
    expect(audit).toHaveLength(2);
    expect(JSON.parse(audit[0].after_json).rows).toBe(csv.rows);

    const learners = await h.ok('admin', 'user.export', { q: 'buyer-a' }, owner);
    expect(learners.csv.trim().split('\n')).toEqual([
      '学员编号,昵称,openid,付费订单数,付费金额（元）,首次使用时间',
      expect.stringMatching(/^1000\d\d,,buyer-a,\d,/),
    ]);
    await h.fails('FORBIDDEN', 'admin', 'user.export', {}, support);
    await h.fails('FORBIDDEN', 'admin', 'order.export', {}, support); // bulk data is the owner's
  });

  it('commission.export: the commissions (status and date range) as CSV in Chinese, audited, the owner only', async () => {
    await h.ok('admin', 'referral.settings', { ratePercent: 10, holdDays: 7 }, owner);
    const { code } = await h.ok('referral', 'me', {}, { openid: 'export-promoter' });
    await h.ok('referral', 'bind', { code }, { openid: 'export-buyer' });
    const orderNo = await buy('export-buyer');
    const now = h.clock.now();
    const day = (ms: number) => new Date(now.getTime() + ms).toISOString();

    const file = await h.ok('admin', 'commission.export', { status: 'pending', from: day(-3600_000), to: day(3600_000) }, owner);
    expect(file.csv.trim().split('\n')).toEqual([
      '订单号,商品,订单状态,订单金额（元）,佣金比例（%）,佣金（元）,佣金状态,推广员昵称,推广员 openid,购买学员 openid,产生时间,可结算时间',
      expect.stringMatching(new RegExp(`^${orderNo},付费专栏,已支付,99\\.00,10,9\\.90,待结算,,export-promoter,export-buyer,\\d{4}-`)),
    ]);
    expect(file).toMatchObject({ rows: 1, truncated: false });
    expect(file.filename).toMatch(/^commissions-\d{12}\.csv$/);
    expect((await h.ok('admin', 'commission.export', { status: 'cancelled' }, owner)).rows).toBe(0);
    expect((await h.ok('admin', 'commission.export', { from: day(-7200_000), to: day(-3600_000) }, owner)).rows).toBe(0);
    // the list takes the same filter
    expect((await h.ok('admin', 'commission.list', { from: day(-7200_000), to: day(-3600_000) }, owner)).items).toHaveLength(0);
    const audit = await h.db('audit_log').where({ action: 'export.commissions' }).orderBy('id');
    expect(audit).toHaveLength(3);
    expect(JSON.parse(audit[0].after_json)).toMatchObject({ rows: 1, filter: { status: 'pending' } });
    await h.fails('FORBIDDEN', 'admin', 'commission.export', {}, support);
  });

  it('a pending order cannot be refunded and nothing changes', async () => {
    const orderNo = await orderAndPrepay(h, 'pending-buyer', 'article', article);
    const before = await tableCounts(h, ['refunds', 'audit_log', 'payment_events']);
    await h.fails('CONFLICT', 'admin', 'order.refund', { orderNo, reason: '误操作' }, owner);
    expect(await tableCounts(h, ['refunds', 'audit_log', 'payment_events'])).toEqual(before);
  });

  it('redeem: create a batch, list it with its title, export CSV, void the unused codes — all audited', async () => {
    const batch = await h.ok(
      'admin',
      'redeem.createBatch',
      { itemType: 'column', itemId: column, count: 3, days: 30, note: '书店渠道' },
      owner,
    );
    expect(batch.codes).toHaveLength(3);
    await h.ok('order', 'redeem', { code: batch.codes[0] }, { openid: 'redeemer' });
    const list = await h.ok('admin', 'redeem.list', {}, owner);
    expect(list.items[0]).toMatchObject({ id: batch.batchId, title: '付费专栏', codeCount: 3, usedCount: 1, note: '书店渠道' });

    const exported = await h.ok('admin', 'redeem.export', { batchId: batch.batchId }, owner);
    const lines = exported.csv.trim().split('\n');
    expect(lines[0]).toBe('兑换码,状态,使用者 openid,使用时间（北京时间）');
    expect(lines).toHaveLength(4);
    expect(exported.csv).toContain(`${batch.codes[0]},已使用,redeemer,`);
    expect(exported.filename).toBe(`redeem-batch-${batch.batchId}.csv`);

    expect(await h.ok('admin', 'redeem.void', { batchId: batch.batchId }, owner)).toEqual({ voided: 2 });
    const voided = await h.call('order', 'redeem', { code: batch.codes[1] }, { openid: 'late' });
    expect(voided.ok).toBe(false);
    const actions = (await h.db('audit_log').where('target_type', 'redeem_batch').orderBy('id')).map((r) => r.action);
    expect(actions).toEqual(['redeem.createBatch', 'redeem.export', 'redeem.void']);
    expect(JSON.stringify(await h.db('audit_log').where('target_type', 'redeem_batch'))).not.toContain(batch.codes[1]);
  });

  it("redeem bad input: zero or too many codes, unknown item, someone else's batch id", async () => {
    const before = await tableCounts(h, ['redeem_batches', 'redeem_codes', 'audit_log']);
    await h.fails('INVALID_INPUT', 'admin', 'redeem.createBatch', { itemType: 'column', itemId: column, count: 0 }, owner);
    await h.fails('INVALID_INPUT', 'admin', 'redeem.createBatch', { itemType: 'column', itemId: column, count: 100_000 }, owner);
    await h.fails('NOT_FOUND', 'admin', 'redeem.createBatch', { itemType: 'column', itemId: 999_999, count: 1 }, owner);
    await h.fails('NOT_FOUND', 'admin', 'redeem.export', { batchId: 999_999 }, owner);
    await h.fails('NOT_FOUND', 'admin', 'redeem.void', { batchId: 999_999 }, owner);
    expect(await tableCounts(h, ['redeem_batches', 'redeem_codes', 'audit_log'])).toEqual(before);
  });

  it('a membership grant without days lasts the plan, and a second grant renews from the first expiry', async () => {
    const now = h.clock.now();
    const [planId] = await h
      .db('membership_plans')
      .insert({ name: '月卡', duration_days: 30, price_fen: 3000, status: 'active', sort: 0, created_at: now, updated_at: now });
    const first = await h.ok('admin', 'grant.create', { openid: 'member-x', itemType: 'membership', itemId: Number(planId) }, owner);
    expect(first.expiresAt).toBe(new Date(now.getTime() + 30 * 86400_000).toISOString());
    const second = await h.ok('admin', 'grant.create', { openid: 'member-x', itemType: 'membership', itemId: Number(planId) }, owner);
    expect(second.expiresAt).toBe(new Date(now.getTime() + 60 * 86400_000).toISOString());
  });

  it('a redeem batch write and its audit row commit together: when the audit row cannot be written, nothing is', async () => {
    const batch = await h.ok('admin', 'redeem.createBatch', { itemType: 'column', itemId: column, count: 2 }, owner);
    const before = await tableCounts(h, ['redeem_batches', 'redeem_codes']);
    const voidedBefore = await h.db('redeem_codes').where({ batch_id: batch.batchId, status: 'void' }).count('* as n').first();
    await h.db.schema.renameTable('audit_log', 'audit_log_off');
    try {
      await h.fails('INTERNAL', 'admin', 'redeem.createBatch', { itemType: 'column', itemId: column, count: 3 }, owner);
      await h.fails('INTERNAL', 'admin', 'redeem.void', { batchId: batch.batchId }, owner);
      await h.fails('INTERNAL', 'admin', 'redeem.export', { batchId: batch.batchId }, owner);
    } finally {
      await h.db.schema.renameTable('audit_log_off', 'audit_log');
    }
    expect(await tableCounts(h, ['redeem_batches', 'redeem_codes'])).toEqual(before);
    expect(await h.db('redeem_codes').where({ batch_id: batch.batchId, status: 'void' }).count('* as n').first()).toEqual(voidedBefore);
    expect((await h.db('redeem_batches').where('id', batch.batchId).first('voided_at')).voided_at).toBeNull();
  });
});
