import type { Harness } from '../../support/harness';
import { notify, payAtCashier } from '../../support/payments';
import { adminToken } from '../admin/admin-support';

/** create → prepay → pay at the sandbox cashier → the platform's callback settles it. Returns the settled order. */
export async function buy(h: Harness, openid: string, input: Record<string, unknown>) {
  const order = await h.ok('order', 'create', input, { openid });
  await paySettle(h, openid, order.orderNo);
  return h.ok('order', 'get', { orderNo: order.orderNo }, { openid });
}

export async function paySettle(h: Harness, openid: string, orderNo: string) {
  await h.ok('pay', 'prepay', { orderNo }, { openid });
  const reply = await notify(h, payAtCashier(h, orderNo));
  expect(reply.errcode).toBe(0);
}

/** An owner's bearer token (created on first use). */
export const owner = (h: Harness) => adminToken(h, 'growth-owner', 'owner');

export async function refund(h: Harness, orderNo: string) {
  return h.ok('admin', 'order.refund', { orderNo, reason: '测试退款' }, { bearer: await owner(h) });
}

export const count = async (h: Harness, table: string, where: Record<string, unknown> = {}) =>
  Number((await h.db(table).where(where).count('* as n').first())?.n ?? 0);
