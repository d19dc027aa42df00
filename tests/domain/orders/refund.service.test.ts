import { refundOrder, outRefundNoFor } from '../../../server/domain/orders/refund.service';
import { getOrderForAdmin, listOrdersForAdmin } from '../../../server/domain/orders/orders.admin';
import { ViewerAccess } from '../../../server/domain/access/viewer-access';
import { createHarness, type Harness } from '../../support/harness';
import { insertArticle, insertColumn } from '../../support/fixtures';
import { notify, orderAndPrepay, payAtCashier, sandboxOf } from '../../support/payments';
import { serviceContext } from '../../support/service-context';

/**
 * Refunds (admin `order.refund`): one gateway refund per order whatever the retries, the order
 * becomes refunded and the access it bought is gone at once.
 */
describe('refundOrder', () => {
  let h: Harness;
  let column: number;
  let article: number;
  let adminId: number;

  const buy = async (openid: string) => {
    const orderNo = await orderAndPrepay(h, openid, 'column', column);
    lastEvent = payAtCashier(h, orderNo);
    await notify(h, lastEvent);
    return orderNo;
  };
  let lastEvent: ReturnType<typeof payAtCashier>;

  beforeAll(async () => {
    h = await createHarness();
    const now = h.clock.now();
    column = await insertColumn(h.db, now, { price_fen: 9900 });
    article = await insertArticle(h.db, now, column);
    const [id] = await h.db('admins').insert({ username: 'boss', password_hash: 'x', role: 'owner', created_at: now, updated_at: now });
    adminId = Number(id);
  });
  afterAll(() => h.close());

  it('refund → order refunded, entitlement revoked, access gone immediately (catalog and ViewerAccess)', async () => {
    const orderNo = await buy('refundee');
    const callback = lastEvent;
    expect(await h.ok('catalog', 'column', { columnId: column }, { openid: 'refundee' })).toMatchObject({ owned: true });
    const refundSpy = jest.spyOn(sandboxOf(h), 'refund');

    const refunded = await refundOrder(serviceContext(h, { adminId }), { orderNo, reason: '学员申请退款' });
    expect(refunded.status).toBe('refunded');
    expect(refundSpy).toHaveBeenCalledWith(
      expect.objectContaining({ orderNo, outRefundNo: outRefundNoFor(orderNo), refundFen: 9900, totalFen: 9900 }),
    );

    const column1 = await h.ok('catalog', 'column', { columnId: column }, { openid: 'refundee' });
    expect(column1.owned).toBe(false);
    expect(column1.chapters.flatMap((c: any) => c.articles).find((a: any) => a.id === article).locked).toBe(true);
    const userId = Number((await h.db('users').where('openid', 'refundee').first('id')).id);
    const access = await ViewerAccess.load(h.db, userId, h.clock.now(), { columnIds: [column], articleIds: [article] });
    expect(access.decide({ id: article, columnId: column, isFree: false, memberIncluded: false }).granted).toBe(false);

    // Retried (double click, timeout): no second gateway refund, same answer.
    const again = await refundOrder(serviceContext(h, { adminId }), { orderNo, reason: '重复点击' });
    expect(again.status).toBe('refunded');
    expect(refundSpy).toHaveBeenCalledTimes(1);
    expect(await h.db('refunds').where('out_refund_no', outRefundNoFor(orderNo))).toHaveLength(1);

    const detail = await getOrderForAdmin(h.db, orderNo);
    expect(detail.order).toMatchObject({ status: 'refunded', openid: 'refundee' });
    expect(detail.events.map((e) => e.verdict)).toEqual(['settled', 'refund_accepted']);
    expect(detail.refund).toMatchObject({ status: 'succeeded', amountFen: 9900, reason: '学员申请退款' });
    expect(await h.db('audit_log').where({ action: 'order.refund', target_id: orderNo })).toHaveLength(1);
    // a late duplicate callback does not bring the access back
    expect((await notify(h, callback)).errcode).toBe(0);
    expect(await h.ok('catalog', 'column', { columnId: column }, { openid: 'refundee' })).toMatchObject({ owned: false });
  });

  it('a refund after a gateway timeout retries with the same out_refund_no and refunds once', async () => {
    const orderNo = await buy('timeout');
    const sandbox = sandboxOf(h);
    const flaky = Object.assign(Object.create(sandbox), {
      async refund() {
        throw new Error('ETIMEDOUT');
      },
    });
    await expect(refundOrder(serviceContext(h, { adminId, ports: { payments: flaky } }), { orderNo, reason: '网络' })).rejects.toThrow(
      'ETIMEDOUT',
    );
    expect((await h.db('orders').where('order_no', orderNo).first()).status).toBe('paid');
    expect((await h.db('refunds').where('out_refund_no', outRefundNoFor(orderNo)).first()).status).toBe('pending');
    expect((await refundOrder(serviceContext(h, { adminId }), { orderNo, reason: '网络' })).status).toBe('refunded');
  });

  it('refuses unknown, unpaid orders and platform refusals with clear codes, changing nothing', async () => {
    await expect(
      refundOrder(serviceContext(h, { adminId }), { orderNo: '20260601000000aaaaaaaaaaaaaaaa', reason: 'x' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const pending = await orderAndPrepay(h, 'unpaid', 'column', column);
    await expect(refundOrder(serviceContext(h, { adminId }), { orderNo: pending, reason: 'x' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect((await h.db('orders').where('order_no', pending).first()).status).toBe('pending');

    const orderNo = await buy('refused');
    const refusing = Object.assign(Object.create(sandboxOf(h)), { refund: async () => ({ accepted: false, detail: 'NOTENOUGH' }) });
    await expect(
      refundOrder(serviceContext(h, { adminId, ports: { payments: refusing } }), { orderNo, reason: 'x' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await h.db('orders').where('order_no', orderNo).first()).status).toBe('paid');
    expect(await h.ok('catalog', 'column', { columnId: column }, { openid: 'refused' })).toMatchObject({ owned: true });
  });

  it('admin order list filters by status, user, item and date, newest first with a cursor', async () => {
    const all = await listOrdersForAdmin(h.db, { limit: 100 });
    expect(all.items.length).toBeGreaterThanOrEqual(4);
    const refunded = await listOrdersForAdmin(h.db, { status: 'refunded', limit: 10 });
    expect(refunded.items.map((o) => o.openid).sort()).toEqual(['refundee', 'timeout']);
    expect(refunded.items.every((o) => o.status === 'refunded')).toBe(true);
    expect((await listOrdersForAdmin(h.db, { openid: 'refused', limit: 10 })).items.map((o) => o.status)).toEqual(['paid']);
    expect((await listOrdersForAdmin(h.db, { itemType: 'column', itemId: column, limit: 100 })).items.length).toBe(all.items.length);
    expect((await listOrdersForAdmin(h.db, { itemType: 'article', limit: 10 })).items).toEqual([]);
    const future = new Date(h.clock.now().getTime() + 3600_000);
    expect((await listOrdersForAdmin(h.db, { from: future, limit: 10 })).items).toEqual([]);
    const page1 = await listOrdersForAdmin(h.db, { limit: 2 });
    const page2 = await listOrdersForAdmin(h.db, { limit: 2, cursor: page1.nextCursor! });
    expect(page2.items.map((o) => o.orderNo)).not.toContain(page1.items[0].orderNo);
    await expect(getOrderForAdmin(h.db, 'nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
