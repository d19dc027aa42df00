import type { Knex } from 'knex';

/**
 * Takes back what one source gave — a refunded order, a revoked grant — inside the caller's
 * transaction. Access reads entitlements on every request, so the content locks at once.
 * Returns how many entitlements were revoked (0 when they already were).
 */
export async function revokeBySource(
  trx: Knex.Transaction,
  now: Date,
  source: { source: 'order' | 'redeem' | 'grant' | 'gift'; sourceId: string },
): Promise<number> {
  return trx('entitlements')
    .where({ source: source.source, source_id: source.sourceId })
    .whereNull('revoked_at')
    .update({ revoked_at: now });
}
