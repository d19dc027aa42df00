import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { toDate, toIso, toNum } from '../../db/values';
import { inTransaction } from '../../db/transactions';
import { AppError } from '../../runtime/errors';
import { decodeCursor, encodeCursor } from '../../runtime/cursor';
import { grantEntitlement } from '../entitlements/entitlement.grant';
import { assertItemExists } from '../catalog/items';
import { planDurationDays } from '../membership/plan.repo';
import { auditActorOf, inAuditedTransaction } from '../audit/audited-transaction';
import type { ServiceContext } from '../../runtime/service-context';
import { buyerOf, ownsItem, type OrderCtx } from './order.service';
import type { ItemType } from './order.model';

/** Crockford base32: no I, L, O, U, so codes read aloud or retyped are not confused. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 16; // 80 bits of crypto randomness: not guessable, not enumerable
export const MAX_BATCH = 1000;

export function newRedeemCode(): string {
  // 256 is a multiple of 32, so `byte & 31` is uniform.
  return [...randomBytes(CODE_LENGTH)].map((b) => ALPHABET[b & 31]).join('');
}

export interface CreateBatchInput {
  itemType: ItemType;
  itemId: number;
  count: number;
  /** Access length; absent = forever (memberships default to the plan's length). */
  days?: number | null;
  validFrom?: Date | null;
  validUntil?: Date | null;
  note?: string;
}

/** The CMS side of redeem codes: the database, the clock reading and the signed-in admin (audited). */
export type RedeemAdminCtx = Pick<ServiceContext, 'db' | 'now' | 'actor'>;

/** For the admin function (`redeem.createBatch`). */
export async function createBatch(ctx: RedeemAdminCtx, input: CreateBatchInput): Promise<{ batchId: number; codes: string[] }> {
  const { db, now } = ctx;
  if (!Number.isInteger(input.count) || input.count < 1 || input.count > MAX_BATCH) {
    throw new AppError('INVALID_INPUT', undefined, [{ field: 'count', message: `数量须在 1–${MAX_BATCH} 之间` }]);
  }
  if (input.validFrom && input.validUntil && input.validUntil.getTime() <= input.validFrom.getTime()) {
    throw new AppError('INVALID_INPUT', undefined, [{ field: 'validUntil', message: '截止时间须晚于开始时间' }]);
  }
  await assertItemExists(db, input.itemType, input.itemId, '兑换的内容不存在');
  const codes = Array.from({ length: input.count }, newRedeemCode);
  const actor = auditActorOf(ctx);
  const batchId = await inAuditedTransaction(db, actor, async (trx) => {
    const [id] = await trx('redeem_batches').insert({
      item_type: input.itemType,
      item_id: input.itemId,
      days: input.days ?? null,
      code_count: input.count,
      note: (input.note ?? '').slice(0, 128),
      valid_from: input.validFrom ?? null,
      valid_until: input.validUntil ?? null,
      created_by: actor.adminId,
      voided_at: null,
      created_at: now,
    });
    for (let i = 0; i < codes.length; i += 200) {
      await trx('redeem_codes').insert(codes.slice(i, i + 200).map((code) => ({ batch_id: id, code, status: 'unused' })));
    }
    return {
      result: Number(id),
      // The codes themselves stay out of the audit trail: they are bearer secrets.
      audit: {
        action: 'redeem.createBatch',
        targetType: 'redeem_batch',
        targetId: Number(id),
        after: { itemType: input.itemType, itemId: input.itemId, count: input.count, days: input.days ?? null, note: input.note ?? '' },
      },
    };
  });
  return { batchId, codes };
}

export interface BatchSummary {
  id: number;
  itemType: ItemType;
  itemId: number;
  days: number | null;
  codeCount: number;
  usedCount: number;
  note: string;
  validFrom: string | null;
  validUntil: string | null;
  voidedAt: string | null;
  createdAt: string;
}

export async function listBatches(
  db: Knex,
  input: { cursor?: string; limit: number },
): Promise<{ items: BatchSummary[]; nextCursor: string | null }> {
  const after = decodeCursor(input.cursor, 1);
  const q = db('redeem_batches as b').select(
    'b.*',
    db.raw("(SELECT COUNT(*) FROM redeem_codes rc WHERE rc.batch_id = b.id AND rc.status = 'used') as used_count"),
  );
  if (after) q.where('b.id', '<', Number(after[0]));
  const rows = await q.orderBy('b.id', 'desc').limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  return {
    items: page.map((r: Record<string, unknown>) => ({
      id: Number(r.id),
      itemType: r.item_type as ItemType,
      itemId: Number(r.item_id),
      days: r.days === null ? null : toNum(r.days),
      codeCount: toNum(r.code_count),
      usedCount: toNum(r.used_count),
      note: String(r.note ?? ''),
      validFrom: toIso(r.valid_from),
      validUntil: toIso(r.valid_until),
      voidedAt: toIso(r.voided_at),
      createdAt: toIso(r.created_at)!,
    })),
    nextCursor: rows.length > input.limit ? encodeCursor([Number(page[page.length - 1].id)]) : null,
  };
}

/** Rows for a CSV export of one batch. The export itself is audited: it hands out bearer secrets. */
export async function exportBatch(
  ctx: RedeemAdminCtx,
  batchId: number,
): Promise<Array<{ code: string; status: string; usedBy: string | null; usedAt: string | null }>> {
  return inAuditedTransaction(ctx.db, auditActorOf(ctx), async (trx) => {
    if (!(await trx('redeem_batches').where('id', batchId).first('id'))) throw new AppError('NOT_FOUND', '兑换码批次不存在');
    const rows = await trx('redeem_codes as rc')
      .leftJoin('users as u', 'u.id', 'rc.used_by')
      .where('rc.batch_id', batchId)
      .orderBy('rc.id')
      .select('rc.code', 'rc.status', 'u.openid', 'rc.used_at');
    return {
      result: rows.map((r: Record<string, unknown>) => ({
        code: String(r.code),
        status: String(r.status),
        usedBy: (r.openid as string) ?? null,
        usedAt: toIso(r.used_at),
      })),
      audit: { action: 'redeem.export', targetType: 'redeem_batch', targetId: batchId, after: { rows: rows.length } },
    };
  });
}

/** Unused codes of the batch stop working; used ones keep the access they gave. */
export async function voidBatch(ctx: RedeemAdminCtx, batchId: number): Promise<{ voided: number }> {
  return inAuditedTransaction(ctx.db, auditActorOf(ctx), async (trx) => {
    const n = await trx('redeem_batches').where('id', batchId).update({ voided_at: ctx.now });
    if (n !== 1) throw new AppError('NOT_FOUND', '兑换码批次不存在');
    const result = { voided: await trx('redeem_codes').where({ batch_id: batchId, status: 'unused' }).update({ status: 'void' }) };
    return { result, audit: { action: 'redeem.void', targetType: 'redeem_batch', targetId: batchId, after: result } };
  });
}

/**
 * Single use under concurrency: the conditional update `unused → used` lets exactly one
 * redemption through; the entitlement is written in the same transaction, keyed by the code.
 */
export async function redeemCode(ctx: OrderCtx, code: string): Promise<{ itemType: ItemType; itemId: number; expiresAt: string | null }> {
  const { db } = ctx;
  const buyer = await buyerOf(ctx);
  const row = await db('redeem_codes as rc')
    .join('redeem_batches as b', 'b.id', 'rc.batch_id')
    .where('rc.code', code)
    .first('rc.id', 'rc.status', 'b.item_type', 'b.item_id', 'b.days', 'b.valid_from', 'b.valid_until', 'b.voided_at');
  if (!row || row.status === 'void' || row.voided_at !== null) throw new AppError('NOT_FOUND', '兑换码无效');
  if (row.status === 'used') throw new AppError('CONFLICT', '兑换码已被使用');
  const from = toDate(row.valid_from);
  const until = toDate(row.valid_until);
  if ((from && from.getTime() > buyer.now.getTime()) || (until && until.getTime() <= buyer.now.getTime()))
    throw new AppError('REDEEM_CODE_INACTIVE');
  const itemType = row.item_type as ItemType;
  const itemId = Number(row.item_id);
  if (await ownsItem(db, buyer, itemType, itemId)) throw new AppError('ALREADY_OWNED', '你已拥有该内容，兑换码未被使用');

  const granted = await inTransaction(db, async (trx) => {
    const claimed = await trx('redeem_codes')
      .where({ id: row.id, status: 'unused' })
      .update({ status: 'used', used_by: buyer.userId, used_at: buyer.now });
    if (claimed !== 1) throw new AppError('CONFLICT', '兑换码已被使用');
    let days: number | null = row.days === null ? null : toNum(row.days);
    if (itemType === 'membership' && days === null) {
      days = await planDurationDays(trx, itemId);
      if (days === null) throw new AppError('NOT_FOUND', '兑换的会员方案不存在');
    }
    return grantEntitlement(trx, buyer.now, {
      userId: buyer.userId,
      scope: itemType,
      itemId,
      source: 'redeem',
      sourceId: `code:${row.id}`,
      days,
    });
  });
  return { itemType, itemId, expiresAt: granted.expiresAt ? granted.expiresAt.toISOString() : null };
}
