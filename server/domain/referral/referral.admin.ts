import { forUpdate } from '../../db/transactions';
import { toDate, toIso, toNum } from '../../db/values';
import { AppError } from '../../runtime/errors';
import type { ServiceContext } from '../../runtime/service-context';
import { auditActorOf, inAuditedTransaction } from '../audit/audited-transaction';
import { balanceOf, readSettings, type ReferralSettings } from './referral.service';
import { commissionStatus, type CommissionStatus } from './referral.policy';

type AdminCtx = Pick<ServiceContext, 'db' | 'now' | 'actor'>;

export const getSettings = (ctx: AdminCtx) => readSettings(ctx.db);

/** Admin `referral.settings`: applies to orders settled from now on (each commission stores its rate). */
export async function saveSettings(ctx: AdminCtx, input: ReferralSettings): Promise<ReferralSettings> {
  await inAuditedTransaction(ctx.db, auditActorOf(ctx), async (trx) => {
    const before = await readSettings(trx);
    await trx('referral_settings')
      .insert({ id: 1, rate_percent: input.ratePercent, hold_days: input.holdDays, updated_at: ctx.now })
      .onConflict('id')
      .merge(['rate_percent', 'hold_days', 'updated_at']);
    return {
      result: undefined,
      audit: { action: 'referral.settings', targetType: 'referral_settings', targetId: 1, before, after: input },
    };
  });
  return readSettings(ctx.db);
}

/** What `commission.list` and `commission.export` filter by; `from`/`to` bound the commission's creation (≥ from, < to). */
export interface CommissionFilter {
  status?: CommissionStatus;
  from?: Date;
  to?: Date;
}

/** Admin `commission.list`: newest first (at most `limit`, 500 unless told), with both learners' openids and the order. */
export async function listCommissions(ctx: AdminCtx, input: CommissionFilter & { limit?: number }) {
  const q = ctx
    .db('commissions as m')
    .join('users as r', 'r.id', 'm.referrer_id')
    .join('users as b', 'b.id', 'm.buyer_id')
    .join('orders as o', 'o.id', 'm.order_id')
    .orderBy('m.id', 'desc')
    .limit(input.limit ?? 500)
    .select(
      'm.*',
      'r.openid as referrer_openid',
      'r.nickname as referrer_nickname',
      'b.openid as buyer_openid',
      'o.order_no',
      'o.title',
      'o.status as order_status',
    );
  if (input.status === 'cancelled') q.where('m.status', 'cancelled');
  if (input.status === 'pending') q.where('m.status', 'held').where('m.available_at', '>', ctx.now);
  if (input.status === 'available') q.where('m.status', 'held').where('m.available_at', '<=', ctx.now);
  if (input.from) q.where('m.created_at', '>=', input.from);
  if (input.to) q.where('m.created_at', '<', input.to);
  const rows: Array<Record<string, any>> = await q;
  return {
    items: rows.map((r) => ({
      id: Number(r.id),
      orderNo: String(r.order_no),
      title: String(r.title),
      orderStatus: r.order_status,
      referrerOpenid: String(r.referrer_openid),
      referrerNickname: String(r.referrer_nickname ?? ''),
      buyerOpenid: String(r.buyer_openid),
      orderAmountFen: toNum(r.order_amount_fen),
      ratePercent: toNum(r.rate_percent),
      amountFen: toNum(r.amount_fen),
      status: commissionStatus({ status: String(r.status), availableAt: toDate(r.available_at)! }, ctx.now),
      availableAt: toIso(r.available_at)!,
      createdAt: toIso(r.created_at)!,
    })),
  };
}

/**
 * Admin `payout.create`: records money paid to a referrer by hand (bank transfer, 企业付款). The
 * referrer's user row is locked first, so two concurrent payouts queue and the second sees the
 * first: never beyond what is available. Audited in the same transaction.
 */
export async function createPayout(ctx: AdminCtx, input: { openid: string; amountFen: number; note?: string }) {
  const user = await ctx.db('users').where('openid', input.openid).first('id');
  if (!user) throw new AppError('NOT_FOUND', '推广员不存在');
  const referrerId = Number(user.id);
  return inAuditedTransaction(ctx.db, auditActorOf(ctx), async (trx) => {
    await forUpdate(trx, trx('users').where('id', referrerId).select('id'));
    const before = await balanceOf(trx, referrerId, ctx.now);
    if (input.amountFen > before.availableFen)
      throw new AppError('PAYOUT_EXCEEDS_AVAILABLE', `可结算佣金仅 ${(before.availableFen / 100).toFixed(2)} 元`, {
        availableFen: before.availableFen,
      });
    const [id] = await trx('payouts').insert({
      referrer_id: referrerId,
      amount_fen: input.amountFen,
      admin_id: ctx.actor.admin?.id ?? null,
      note: input.note ?? null,
      created_at: ctx.now,
    });
    const after = await balanceOf(trx, referrerId, ctx.now);
    return {
      result: {
        id: Number(id),
        openid: input.openid,
        amountFen: input.amountFen,
        availableFen: after.availableFen,
        createdAt: ctx.now.toISOString(),
      },
      audit: {
        action: 'payout.create',
        targetType: 'user',
        targetId: input.openid,
        before: { availableFen: before.availableFen },
        after: { amountFen: input.amountFen, availableFen: after.availableFen },
      },
    };
  });
}

export async function listPayouts(ctx: AdminCtx) {
  const rows: Array<Record<string, any>> = await ctx
    .db('payouts as p')
    .join('users as u', 'u.id', 'p.referrer_id')
    .orderBy('p.id', 'desc')
    .limit(500)
    .select('p.*', 'u.openid');
  return {
    items: rows.map((r) => ({
      id: Number(r.id),
      openid: String(r.openid),
      amountFen: toNum(r.amount_fen),
      note: r.note ?? '',
      createdAt: toIso(r.created_at)!,
    })),
  };
}
