import type { Knex } from 'knex';
import type { Logger } from '../../runtime/logger';
import type { ShippingNotifier } from '../../ports/shipping';
import type { OrderRow } from '../orders/order.model';

/**
 * 发货信息管理: a WeChat Pay order of a trade-managed mini program keeps its money frozen until
 * shipping info is uploaded. Digital content is delivered when the order settles, so it is
 * uploaded right after settlement (logistics_type 3); a failure is kept in `order_shipping` and
 * the reconcile timer tries again. Virtual payment (xpay) settles outside WeChat Pay: not here.
 */
export const WECHAT_PAY_PROVIDERS = ['cloudpay', 'wechatpay-v3', 'sandbox'] as const;

/** The timer retries an order this many times, within this many days of payment. */
export const SHIPPING_MAX_ATTEMPTS = 20;
export const SHIPPING_RETRY_DAYS = 30;
export const SHIPPING_BATCH = 50;

export interface ShippingDeps {
  db: Knex;
  log: Logger;
  shipping?: ShippingNotifier;
}

export type ShippingStatus = { status: 'uploaded' | 'failed'; attempts: number; lastError: string; uploadedAt: Date | null } | null;

/** Uploads one paid order's shipping info and records the outcome (nothing when not trade-managed). */
export async function uploadShipping(
  deps: ShippingDeps,
  now: Date,
  order: Pick<OrderRow, 'id' | 'order_no' | 'user_id' | 'title' | 'transaction_id' | 'provider'>,
): Promise<'uploaded' | 'failed' | 'skipped'> {
  if (!deps.shipping || !order.transaction_id || !(WECHAT_PAY_PROVIDERS as readonly string[]).includes(order.provider)) return 'skipped';
  const user = await deps.db('users').where('id', order.user_id).first('openid');
  if (!user?.openid) return 'skipped';
  let result;
  try {
    result = await deps.shipping.upload({
      transactionId: order.transaction_id,
      openid: String(user.openid),
      itemDesc: String(order.title),
      uploadTime: now,
    });
  } catch (err) {
    result = { outcome: 'failed' as const, detail: err instanceof Error ? err.message : String(err) };
  }
  if (result.outcome === 'skipped') return 'skipped';
  const previous = await deps.db('order_shipping').where('order_id', order.id).first('attempts');
  const row = {
    status: result.outcome,
    attempts: Number(previous?.attempts ?? 0) + 1,
    last_error: result.outcome === 'failed' ? result.detail.slice(0, 255) : '',
    uploaded_at: result.outcome === 'uploaded' ? now : null,
    updated_at: now,
  };
  if (previous) await deps.db('order_shipping').where('order_id', order.id).update(row);
  else
    await deps
      .db('order_shipping')
      .insert({ order_id: order.id, ...row })
      .onConflict('order_id')
      .merge();
  if (result.outcome === 'failed') deps.log.error('pay.shipping.failed', { orderNo: order.order_no, error: row.last_error });
  return result.outcome;
}

/** The timer's part: paid WeChat Pay orders of the last 30 days without uploaded shipping info. */
export async function retryShipping(deps: ShippingDeps, now: Date): Promise<{ uploaded: number; failed: number }> {
  const tally = { uploaded: 0, failed: 0 };
  if (!deps.shipping) return tally;
  const rows: OrderRow[] = await deps
    .db('orders as o')
    .leftJoin('order_shipping as s', 's.order_id', 'o.id')
    .where('o.status', 'paid')
    .whereIn('o.provider', [...WECHAT_PAY_PROVIDERS])
    .whereNotNull('o.transaction_id')
    .where('o.paid_at', '>=', new Date(now.getTime() - SHIPPING_RETRY_DAYS * 86_400_000))
    .where((b) => b.whereNull('s.order_id').orWhere((f) => f.where('s.status', 'failed').where('s.attempts', '<', SHIPPING_MAX_ATTEMPTS)))
    .orderBy('o.paid_at')
    .limit(SHIPPING_BATCH)
    .select('o.*');
  for (const row of rows) {
    const outcome = await uploadShipping(deps, now, row);
    if (outcome === 'uploaded') tally.uploaded++;
    if (outcome === 'failed') tally.failed++;
  }
  return tally;
}

/** What the CMS order detail shows. */
export async function shippingOf(db: Knex, orderId: number) {
  const row = await db('order_shipping').where('order_id', orderId).first();
  if (!row) return null;
  return {
    status: String(row.status) as 'uploaded' | 'failed',
    attempts: Number(row.attempts),
    lastError: String(row.last_error ?? ''),
    uploadedAt: row.uploaded_at,
  };
}
