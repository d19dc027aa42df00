import type { Knex } from 'knex';
import { toDate } from '../../db/values';
import type { EntitlementFacts, EntitlementScope } from '../access/access.policy';

interface EntitlementRow {
  scope: string;
  item_id: number;
  starts_at: unknown;
  expires_at: unknown;
  revoked_at: unknown;
}

export function toEntitlementFacts(row: EntitlementRow): EntitlementFacts {
  return {
    scope: row.scope as EntitlementScope,
    itemId: Number(row.item_id),
    startsAt: toDate(row.starts_at)!,
    expiresAt: toDate(row.expires_at),
    revokedAt: toDate(row.revoked_at),
  };
}

/**
 * Every entitlement of `userId` that could bear on the given articles/columns, in one indexed
 * query (user_id, scope, item_id). Whether each one is active is the policy's call.
 */
export async function findEntitlementsFor(
  db: Knex,
  userId: number,
  targets: { articleIds?: readonly number[]; columnIds?: readonly number[] },
): Promise<EntitlementFacts[]> {
  const articleIds = [...new Set(targets.articleIds ?? [])];
  const columnIds = [...new Set(targets.columnIds ?? [])];
  const rows: EntitlementRow[] = await db('entitlements')
    .select('scope', 'item_id', 'starts_at', 'expires_at', 'revoked_at')
    .where('user_id', userId)
    .whereNull('revoked_at')
    .andWhere((q) => {
      q.where('scope', 'membership');
      if (articleIds.length) q.orWhere((w) => w.where('scope', 'article').whereIn('item_id', articleIds));
      if (columnIds.length) q.orWhere((w) => w.where('scope', 'column').whereIn('item_id', columnIds));
    });
  return rows.map(toEntitlementFacts);
}
