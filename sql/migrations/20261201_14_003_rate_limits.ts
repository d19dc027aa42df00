import type { Knex } from 'knex';

/**
 * The one rate-limit store (issue 14): a counter per (bucket, subject) in its current window. Many cloud-function
 * instances run at once, so limits live here and are taken with one conditional update, never in process memory.
 * `window_start` is epoch milliseconds (a number on both databases, no date arithmetic in SQL).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('rate_limits', (t) => {
    t.string('bucket', 32).notNullable();
    t.string('subject', 64).notNullable();
    t.bigInteger('window_start').notNullable();
    t.integer('hits').unsigned().notNullable();
    t.primary(['bucket', 'subject']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('rate_limits');
}
