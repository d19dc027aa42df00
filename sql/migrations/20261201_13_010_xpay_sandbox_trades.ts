import type { Knex } from 'knex';

/**
 * The local 小程序虚拟支付 platform's trades (PAY_PROVIDER=xpay-sandbox): kept in the database rather than process
 * memory, as `sandbox_trades` keeps the WeChat Pay sandbox's, so a restart (or several processes on one database)
 * remembers them — a cashier page opened before the restart still pays, and refunds of earlier payments work. Its own
 * table: a virtual-payment trade also carries the 道具, what the mini program was handed to sign, and the delivery and
 * refund the platform was told of. Only the xpay-sandbox adapter reads or writes it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('xpay_sandbox_trades', (t) => {
    t.string('order_no', 32).primary();
    t.string('description', 128).notNullable();
    t.string('openid', 64).notNullable();
    t.string('product_id', 64).notNullable();
    t.integer('amount_fen').unsigned().notNullable();
    t.text('sign_data').notNullable();
    t.string('pay_sig', 128).notNullable();
    t.string('state', 16).notNullable(); // NOTPAY | SUCCESS | CLOSED | REFUND
    t.string('transaction_id', 32).nullable();
    t.datetime('paid_at', { precision: 3 }).nullable();
    t.boolean('delivered').notNullable().defaultTo(false);
    t.string('out_refund_no', 64).nullable(); // the first refund accepted (the domain's is stable per order)
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.datetime('updated_at', { precision: 3 }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('xpay_sandbox_trades');
}
