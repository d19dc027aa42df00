import type { Knex } from 'knex';

/**
 * Terms and account deletion (issue 13). `orders.terms_version`: the purchase-terms version the
 * learner accepted at checkout (digital goods: explicit consent to waive the 7-day return).
 * `users.deleted_at`: set by 注销 — the row stays (orders and refunds point at it for accounting)
 * with its openid replaced by a tombstone and its personal data cleared.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('orders', (t) => {
    t.string('terms_version', 32).nullable();
  });
  await knex.schema.alterTable('users', (t) => {
    t.datetime('deleted_at', { precision: 3 }).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('deleted_at');
  });
  await knex.schema.alterTable('orders', (t) => {
    t.dropColumn('terms_version');
  });
}
