import type { EntitlementSource } from './sources';
import type { Knex } from 'knex';
import { lockLearnerForGrants, refreshGrantsDigest } from './grants-digest';

/**
 * Takes back what one source gave — a refunded order, a revoked grant — inside the caller's
 * transaction. Access reads entitlements on every request, so the content locks at once.
 * Returns how many entitlements were revoked (0 when they already were).
 */
export async function revokeBySource(
  trx: Knex.Transaction,
  now: Date,
  source: { source: EntitlementSource; sourceId: string },
): Promise<number> {
  const where = { source: source.source, source_id: source.sourceId };
  const learners = [
    ...new Set((await trx('entitlements').where(where).whereNull('revoked_at').select('user_id')).map((r) => Number(r.user_id))),
  ];
  learners.sort((x, y) => x - y);
  for (const userId of learners) await lockLearnerForGrants(trx, userId);
  const revoked = await trx('entitlements').where(where).whereNull('revoked_at').update({ revoked_at: now });
  // Their digests lose what was taken back before this transaction commits.
  for (const userId of learners) await refreshGrantsDigest(trx, userId, now);
  return revoked;
}
