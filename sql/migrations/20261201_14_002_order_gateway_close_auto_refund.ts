import type { Knex } from 'knex';

/**
 * Issue 14, money:
 * - `prepaid_at`: when the trade was first handed to the gateway (null: there is no trade to close);
 * - `gateway_close_due_at`: an order closed here whose trade is still open at the gateway — cloud pay refuses
 *   `closeOrder` within 5 minutes of the trade's creation, so the reconcile timer closes it when this is due;
 * - `auto_refund`: why a payment that arrived for this order was sent back by us (`closed`: the order was cancelled or
 *   had expired; `owned`: the learner already owned the item), null for every order we kept the money of.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('orders', (t) => {
    t.datetime('prepaid_at', { precision: 3 }).nullable();
    t.datetime('gateway_close_due_at', { precision: 3 }).nullable();
    t.string('auto_refund', 16).nullable();
    t.index(['gateway_close_due_at'], 'orders_gateway_close_due_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('orders', (t) => {
    t.dropIndex(['gateway_close_due_at'], 'orders_gateway_close_due_index');
    t.dropColumn('auto_refund');
    t.dropColumn('gateway_close_due_at');
    t.dropColumn('prepaid_at');
  });
}
