import type { Knex } from 'knex';
import { toIso, toNum } from '../../db/values';
import { AppError } from '../../runtime/errors';
import { pageNewestFirst } from '../../db/keyset';
import { toOrder, type ItemType, type Order, type OrderRow, type OrderStatus } from './order.model';

/** Orders as the CMS sees them: every user's, with who bought and how it was paid. */
export interface AdminOrder extends Order {
  userId: number;
  openid: string;
  provider: string;
  transactionId: string | null;
  refundedAt: string | null;
}

export interface AdminOrderFilter {
  status?: OrderStatus;
  /** created_at ≥ from, < to */
  from?: Date;
  to?: Date;
  userId?: number;
  openid?: string;
  itemType?: ItemType;
  itemId?: number;
  orderNo?: string;
  cursor?: string;
  limit: number;
}

const toAdminOrder = (row: OrderRow & { openid: string }): AdminOrder => ({
  ...toOrder(row),
  userId: Number(row.user_id),
  openid: String(row.openid),
  provider: String(row.provider),
  transactionId: row.transaction_id ?? null,
  refundedAt: toIso(row.refunded_at),
});

/** For the admin function's `order.list` (newest first, keyset paging). */
export async function listOrdersForAdmin(db: Knex, f: AdminOrderFilter): Promise<{ items: AdminOrder[]; nextCursor: string | null }> {
  const q = db('orders as o').join('users as u', 'u.id', 'o.user_id').select('o.*', 'u.openid');
  if (f.status) q.where('o.status', f.status);
  if (f.from) q.where('o.created_at', '>=', f.from);
  if (f.to) q.where('o.created_at', '<', f.to);
  if (f.userId) q.where('o.user_id', f.userId);
  if (f.openid) q.where('u.openid', f.openid);
  if (f.itemType) q.where('o.item_type', f.itemType);
  if (f.itemId) q.where('o.item_id', f.itemId);
  if (f.orderNo) q.where('o.order_no', f.orderNo);
  const { page, nextCursor } = await pageNewestFirst<OrderRow & { openid: string }>(q, { at: 'o.created_at', id: 'o.id' }, f);
  return { items: page.map(toAdminOrder), nextCursor };
}

export interface AdminOrderDetail {
  order: AdminOrder;
  events: Array<{
    kind: string;
    verdict: string;
    detail: string;
    transactionId: string | null;
    amountFen: number | null;
    receivedAt: string;
  }>;
  refund: { outRefundNo: string; amountFen: number; reason: string; status: string; createdAt: string } | null;
}

/** For the admin function's order detail: the order, every payment event, the refund. */
export async function getOrderForAdmin(db: Knex, orderNo: string): Promise<AdminOrderDetail> {
  const row = await db('orders as o').join('users as u', 'u.id', 'o.user_id').where('o.order_no', orderNo).first('o.*', 'u.openid');
  if (!row) throw new AppError('NOT_FOUND', '订单不存在');
  const events = await db('payment_events').where('order_no', orderNo).orderBy('id');
  const refund = await db('refunds').where('order_id', row.id).first();
  return {
    order: toAdminOrder(row),
    events: events.map((e: Record<string, unknown>) => ({
      kind: String(e.kind),
      verdict: String(e.verdict),
      detail: String(e.detail ?? ''),
      transactionId: (e.transaction_id as string) ?? null,
      amountFen: e.amount_fen === null ? null : toNum(e.amount_fen),
      receivedAt: toIso(e.received_at)!,
    })),
    refund: refund
      ? {
          outRefundNo: refund.out_refund_no,
          amountFen: toNum(refund.amount_fen),
          reason: refund.reason,
          status: refund.status,
          createdAt: toIso(refund.created_at)!,
        }
      : null,
  };
}
