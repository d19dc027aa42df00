import { recountDailyMetrics } from '../../../sql/migrations/20261201_12_003_daily_metrics';
import { createHarness, type Harness } from '../../support/harness';
import { insertArticle, insertColumn } from '../../support/fixtures';
import { notify, orderAndPrepay, payAtCashier } from '../../support/payments';
import { adminToken } from '../../functions/admin/admin-support';

/**
 * The dashboard's per-day counters (daily_metrics, users.last_study_day) are kept by the write
 * paths — settlement, refunds, a learner's first call, progress reports. Driven through the real
 * functions across a Shanghai midnight, they must equal a recount from the facts, and the
 * dashboard must show what the facts say.
 */
describe('daily metrics kept by the write paths', () => {
  let h: Harness;
  let column: number;
  let second: number;
  let free: number;

  beforeAll(async () => {
    h = await createHarness();
    h.clock.set(new Date('2026-06-01T15:50:00.000Z')); // 23:50 in Shanghai
    const now = h.clock.now();
    column = await insertColumn(h.db, now, { price_fen: 9900 });
    second = await insertColumn(h.db, now, { price_fen: 1900 });
    free = await insertArticle(h.db, now, column, { is_free: true });
  });
  afterAll(() => h.close());

  const kept = async () => {
    const metrics = (await h.db('daily_metrics').orderBy('day')).map((r) => ({
      day: String(r.day),
      orders: Number(r.orders),
      revenue: Number(r.revenue_fen),
      refund: Number(r.refund_fen),
      newUsers: Number(r.new_users),
      lastLearners: Number(r.last_learners),
      lastPayers: Number(r.last_payers),
    }));
    const lastDays = (await h.db('users').orderBy('id').select('openid', 'last_study_day', 'last_paid_day')).map(
      (u) => `${u.openid}:${u.last_study_day}:${u.last_paid_day}`,
    );
    // Days whose counters all came back to zero are the same as absent ones.
    return { metrics: metrics.filter((m) => m.orders || m.revenue || m.refund || m.newUsers || m.lastLearners || m.lastPayers), lastDays };
  };

  it('equal a recount from orders, users and study days, and the dashboard shows them', async () => {
    const owner = { bearer: await adminToken(h, 'boss', 'owner') };
    const buy = async (openid: string, item = column) => {
      const orderNo = await orderAndPrepay(h, openid, 'column', item);
      await notify(h, payAtCashier(h, orderNo));
      return orderNo;
    };
    const study = async (openid: string, reports: number) => {
      for (let i = 0; i < reports; i++) {
        await h.ok('progress', 'report', { articleId: free, percent: 10 + i }, { openid });
        h.clock.advanceSec(15);
      }
    };

    // Before midnight: two learners study, one buys.
    await study('dm-a', 3);
    await study('dm-b', 2);
    const first = await buy('dm-a');
    // After midnight: a new learner, dm-a studies again (their latest day moves), dm-b buys, a refund of yesterday's order.
    h.clock.set(new Date('2026-06-01T16:05:00.000Z')); // 00:05 on 06-02
    await study('dm-c', 2);
    await study('dm-a', 2);
    await buy('dm-b');
    await buy('dm-a', second); // dm-a's latest paid day moves on: counted once, on 06-02
    await h.ok('admin', 'order.refund', { orderNo: first, reason: '学员申请' }, owner);
    // Replays change nothing: the same callback again, the same refund again.
    await h.ok('admin', 'order.refund', { orderNo: first, reason: '重复点击' }, owner);

    const byWritePaths = await kept();
    await recountDailyMetrics(h.db);
    expect(byWritePaths).toEqual(await kept());
    expect(byWritePaths.metrics).toEqual([
      { day: '2026-06-01', orders: 1, revenue: 9900, refund: 9900, newUsers: 2, lastLearners: 1, lastPayers: 0 },
      { day: '2026-06-02', orders: 2, revenue: 11800, refund: 0, newUsers: 1, lastLearners: 2, lastPayers: 2 },
    ]);

    const stats = await h.ok('admin', 'stats.overview', { days: 7 }, owner);
    expect(stats.totals).toMatchObject({ orders: 3, revenueFen: 21700, refundFen: 9900, payingUsers: 2, activeLearners: 3, totalUsers: 3 });
    expect(stats.daily.at(-1)).toEqual({ day: '2026-06-02', orders: 2, revenueFen: 11800, refundFen: 0 });
    // A window of today only: dm-a and dm-b paid today, dm-a and dm-c studied today.
    expect((await h.ok('admin', 'stats.overview', { days: 1 }, owner)).totals).toMatchObject({ payingUsers: 2, activeLearners: 2 });
    expect(stats.daily.at(-2)).toEqual({ day: '2026-06-01', orders: 1, revenueFen: 9900, refundFen: 9900 });
  });
});
