import type { Knex } from 'knex';

const OLD = ['user_id', 'scope', 'item_id'];
const NEW = ['user_id', 'scope', 'item_id', 'revoked_at', 'starts_at', 'expires_at'];
const NEW_NAME = 'entitlements_user_scope_item_validity_index';

/**
 * access.article and progress.report read a learner's bearing entitlements with their validity
 * (revoked, starts, expires) on every open (issue 12). With the validity in the index those reads
 * are answered from the index alone — no row lookup per entitlement a learner holds. The new index
 * keeps (user_id, scope, item_id) as its prefix, so every lookup the old one served it serves too;
 * it is created before the old one is dropped because the user_id foreign key needs an index.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('entitlements', (t) => t.index(NEW, NEW_NAME));
  await knex.schema.alterTable('entitlements', (t) => t.dropIndex(OLD));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('entitlements', (t) => t.index(OLD));
  await knex.schema.alterTable('entitlements', (t) => t.dropIndex(NEW, NEW_NAME));
}
