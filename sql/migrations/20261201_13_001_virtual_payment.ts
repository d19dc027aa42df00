import type { Knex } from 'knex';

const ITEM_TABLES = ['columns', 'articles', 'membership_plans'] as const;

/**
 * 小程序虚拟支付 (issue 13). Each priced item may carry the 道具 id staff registered for it
 * (`product_id`; null = the stable default `col_<id>` / `art_<id>` / `plan_<id>`, see
 * server/domain/payments/virtual-goods.ts) — unique, because one 道具 pays for one item.
 * `orders.product_id` is the 道具 signed into the order at prepay: the delivery push must name it.
 * `user_sessions` keeps each learner's code2Session session_key, which signs `signature` and is
 * never sent to the client.
 */
export async function up(knex: Knex): Promise<void> {
  for (const table of ITEM_TABLES) {
    await knex.schema.alterTable(table, (t) => {
      t.string('product_id', 64).nullable().unique(`${table}_product_id_unique`);
    });
  }
  await knex.schema.alterTable('orders', (t) => {
    t.string('product_id', 64).nullable();
  });
  await knex.schema.createTable('user_sessions', (t) => {
    t.integer('user_id').unsigned().primary().references('id').inTable('users');
    t.string('session_key', 64).notNullable();
    t.datetime('updated_at', { precision: 3 }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('user_sessions');
  await knex.schema.alterTable('orders', (t) => {
    t.dropColumn('product_id');
  });
  for (const table of ITEM_TABLES) {
    await knex.schema.alterTable(table, (t) => {
      t.dropUnique(['product_id'], `${table}_product_id_unique`);
      t.dropColumn('product_id');
    });
  }
}
