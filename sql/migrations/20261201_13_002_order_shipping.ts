import type { Knex } from 'knex';

/**
 * 发货信息管理 (issue 13): one row per WeChat Pay order whose shipping info was attempted —
 * `uploaded`, or `failed` with the platform's words and the attempt count, retried by the
 * reconcile timer. The CMS order detail shows it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('order_shipping', (t) => {
    t.integer('order_id').unsigned().primary().references('id').inTable('orders');
    t.string('status', 16).notNullable(); // uploaded | failed
    t.integer('attempts').unsigned().notNullable().defaultTo(0);
    t.string('last_error', 255).notNullable().defaultTo('');
    t.datetime('uploaded_at', { precision: 3 }).nullable();
    t.datetime('updated_at', { precision: 3 }).notNullable();
    t.index(['status', 'updated_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('order_shipping');
}
