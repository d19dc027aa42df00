import type { Knex } from 'knex';

/**
 * The local payment platform's trades (issue 14): kept in the database rather than process memory, so a restart of
 * `npm start` (or several processes on one database) remembers them — a cashier page opened before the restart still
 * pays, and refunds of earlier sandbox payments work. Only the sandbox adapter reads or writes this table.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sandbox_trades', (t) => {
    t.string('order_no', 32).primary();
    t.string('description', 128).notNullable();
    t.integer('amount_fen').unsigned().notNullable();
    t.string('openid', 64).notNullable();
    t.string('state', 16).notNullable(); // NOTPAY | SUCCESS | CLOSED | REFUND
    t.string('transaction_id', 32).nullable();
    t.datetime('paid_at', { precision: 3 }).nullable();
    t.integer('refunded_fen').unsigned().notNullable().defaultTo(0);
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.datetime('updated_at', { precision: 3 }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sandbox_trades');
}
