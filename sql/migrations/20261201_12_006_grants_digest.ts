import type { Knex } from 'knex';

/**
 * A learner's active entitlements folded into their users row (issue 12,
 * `server/domain/entitlements/grants-digest.ts`), so that opening an article needs no join of the
 * entitlements index. No backfill: a digest that was never computed (null) is not used — the
 * statement reads the entitlements as before — and the first write or stale read of each learner
 * computes theirs.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.text('grants_digest').nullable();
    t.datetime('grants_valid_from', { precision: 3 }).nullable();
    t.datetime('grants_valid_until', { precision: 3 }).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('grants_valid_until');
    t.dropColumn('grants_valid_from');
    t.dropColumn('grants_digest');
  });
}
