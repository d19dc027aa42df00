import type { Knex } from 'knex';
import { AppError, notFound } from '../../runtime/errors';
import { toNum } from '../../db/values';
import type { ServiceContext } from '../../runtime/service-context';
import { ensureUserId } from '../users/user.repo';
import { auditActorOf, inAuditedTransaction } from '../audit/audited-transaction';
import { ITEM_TABLES, type ItemType } from '../catalog/items';
import { planDurationDays } from '../membership/plan.repo';
import { grantEntitlement } from './entitlement.grant';
import { revokeBySource } from './entitlement.revoke';

/** Manual grants from the CMS (offline students, compensation): source `grant`. */
type AdminCtx = Pick<ServiceContext, 'db' | 'now' | 'actor'>;

/** The item a grant names, with the length a membership plan gives when no days are set. */
async function checkItem(db: Knex | Knex.Transaction, itemType: ItemType, itemId: number): Promise<{ planDays: number | null }> {
  if (itemType === 'membership') {
    const planDays = await planDurationDays(db, itemId);
    if (planDays === null) throw new AppError('NOT_FOUND', '要授权的内容不存在');
    return { planDays };
  }
  if (!(await db(ITEM_TABLES[itemType].table).where({ id: itemId }).first('id'))) throw new AppError('NOT_FOUND', '要授权的内容不存在');
  return { planDays: null };
}

export interface GrantInput {
  itemType: ItemType;
  itemId: number;
  days?: number;
  note?: string;
}

/**
 * Manual grants (offline students, compensation): one entitlement per learner with source
 * `grant`. The learner's row is created if they have never opened the mini program, so the grant
 * is waiting for them. A learner who already holds an active grant of the same item is skipped,
 * so pasting a list twice grants once.
 */
export async function grantMany(ctx: AdminCtx, openids: string[], input: GrantInput) {
  const unique = [...new Set(openids)];
  const { planDays } = await checkItem(ctx.db, input.itemType, input.itemId);
  // A membership always has a length: the plan's, unless the grant says otherwise.
  const days = input.days ?? planDays;
  // Learner rows first, outside the transaction: creating one is idempotent, and inside a
  // REPEATABLE READ snapshot a row a concurrent request just created would be invisible.
  const userIds = new Map<string, number>();
  for (const openid of unique) userIds.set(openid, await ensureUserId(ctx.db, openid, ctx.now));
  return inAuditedTransaction(ctx.db, auditActorOf(ctx), async (trx) => {
    const granted: Array<{ openid: string; expiresAt: string | null }> = [];
    const skipped: string[] = [];
    for (const openid of unique) {
      const userId = userIds.get(openid)!;
      // Memberships renew (the orders domain extends from the current expiry); content the
      // learner already holds through a grant is skipped, so pasting a list twice grants once.
      if (input.itemType !== 'membership') {
        const existing = await trx('entitlements')
          .where({ user_id: userId, scope: input.itemType, item_id: input.itemId, source: 'grant' })
          .whereNull('revoked_at')
          .where((w) => w.whereNull('expires_at').orWhere('expires_at', '>', ctx.now))
          .first('id');
        if (existing) {
          skipped.push(openid);
          continue;
        }
      }
      // The n-th grant of this item to this learner: concurrent duplicates of one request compute
      // the same key, and the (source, source_id) unique index keeps only one of them.
      const prior = await trx('entitlements')
        .where({ user_id: userId, scope: input.itemType, item_id: input.itemId, source: 'grant' })
        .count('* as n')
        .first();
      const { expiresAt } = await grantEntitlement(trx, ctx.now, {
        userId,
        scope: input.itemType,
        itemId: input.itemId,
        source: 'grant',
        sourceId: `grant:${userId}:${input.itemType}:${input.itemId}:${toNum(prior?.n)}`,
        days,
      });
      granted.push({ openid, expiresAt: expiresAt?.toISOString() ?? null });
    }
    const expiresAt =
      granted.length === 1 ? granted[0].expiresAt : days ? new Date(ctx.now.getTime() + days * 86400_000).toISOString() : null;
    return {
      result: { granted: granted.length, skipped: skipped.length, skippedOpenids: skipped, expiresAt },
      audit: {
        action: unique.length === 1 ? 'grant.create' : 'grant.bulk',
        targetType: input.itemType,
        targetId: input.itemId,
        after: { openids: granted.map((g) => g.openid), skipped, days, note: input.note ?? '' },
      },
    };
  });
}

/** Takes back a manual grant (orders are taken back by refunding, redeem codes stay). */
export async function revokeGrant(ctx: AdminCtx, entitlementId: number) {
  return inAuditedTransaction(ctx.db, auditActorOf(ctx), async (trx) => {
    const row = await trx('entitlements').where({ id: entitlementId }).first();
    if (!row) throw notFound('授权记录不存在');
    if (row.source !== 'grant') throw new AppError('CONFLICT', '只能撤销手动授权；订单授权请通过退款撤销');
    if (row.revoked_at) throw new AppError('CONFLICT', '该授权已撤销');
    await revokeBySource(trx, ctx.now, { source: 'grant', sourceId: String(row.source_id) });
    return {
      result: { revoked: true },
      audit: {
        action: 'grant.revoke',
        targetType: 'entitlement',
        targetId: entitlementId,
        before: { revokedAt: null },
        after: { revokedAt: ctx.now.toISOString() },
      },
    };
  });
}
