import type { Knex } from 'knex';

/**
 * Sessions carry the account's session version (issue 14): changing the password, the role or disabling the account
 * bumps it, and every credential issued under the old number stops working at once — a stateless token or a CloudBase
 * ticket cannot be revoked any other way.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('admins', (t) => {
    t.integer('session_version').notNullable().defaultTo(1);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('admins', (t) => {
    t.dropColumn('session_version');
  });
}
