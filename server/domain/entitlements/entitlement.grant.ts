import type { EntitlementSource } from './sources';
import type { Knex } from 'knex';
import { toDate } from '../../db/values';
import { forUpdate } from '../../db/transactions';
import { lockLearnerForGrants, refreshGrantsDigest } from './grants-digest';
import { DAY_MS } from '../calendar/shanghai-calendar';
import type { ItemType } from '../catalog/items';

export interface GrantRequest {
  userId: number;
  scope: ItemType;
  itemId: number;
  source: EntitlementSource;
  sourceId: string;
  /** Access length; null = forever (memberships always have one). */
  days: number | null;
}

/**
 * Writes the entitlement a purchase, a code or a grant gives, inside the caller's transaction.
 * Keyed by (source, source_id): granting the same thing twice inserts nothing the second time.
 * A membership starts when the current one ends (DESIGN.md: renewals extend from the later of
 * now and the current expiry); the user's row is locked so two concurrent renewals queue and
 * each extends the other's result instead of both extending from the same expiry. The learner's
 * grants digest is recomputed before it returns (grants-digest.ts).
 */
export async function grantEntitlement(
  trx: Knex.Transaction,
  now: Date,
  req: GrantRequest,
): Promise<{ startsAt: Date; expiresAt: Date | null }> {
  let startsAt = now;
  // The learner's row first, for every scope: their grants queue, so each one's digest (and a
  // membership's start) is computed from what the earlier ones committed.
  await lockLearnerForGrants(trx, req.userId);
  if (req.scope === 'membership') {
    // A locking read: under REPEATABLE READ a plain SELECT would answer from the snapshot taken
    // before we waited for the lock, missing the renewal that just committed.
    const current = await forUpdate(
      trx,
      trx('entitlements')
        .where({ user_id: req.userId, scope: 'membership' })
        .whereNull('revoked_at')
        .whereNotNull('expires_at')
        .where('expires_at', '>', now)
        .max('expires_at as until'),
    ).first();
    const until = toDate(current?.until);
    if (until && until.getTime() > now.getTime()) startsAt = until;
  }
  const expiresAt = req.days === null ? null : new Date(startsAt.getTime() + req.days * DAY_MS);
  await trx('entitlements')
    .insert({
      user_id: req.userId,
      scope: req.scope,
      item_id: req.itemId,
      source: req.source,
      source_id: req.sourceId,
      starts_at: startsAt,
      expires_at: expiresAt,
      revoked_at: null,
      created_at: now,
    })
    .onConflict(['source', 'source_id'])
    .ignore();
  await refreshGrantsDigest(trx, req.userId, now);
  return { startsAt, expiresAt };
}
