import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('membership_plans', (t) => {
    t.increments('id').primary();
    t.string('name', 64).notNullable();
    t.integer('duration_days').unsigned().notNullable();
    t.integer('price_fen').unsigned().notNullable();
    t.string('status', 16).notNullable().defaultTo('active'); // active | archived
    t.integer('sort').notNullable().defaultTo(0);
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.datetime('updated_at', { precision: 3 }).notNullable();
  });

  await knex.schema.createTable('orders', (t) => {
    t.increments('id').primary();
    t.string('order_no', 32).notNullable().unique();
    t.integer('user_id').unsigned().notNullable().references('id').inTable('users');
    t.string('item_type', 16).notNullable(); // article | column | membership
    t.integer('item_id').unsigned().notNullable();
    t.string('title', 128).notNullable(); // snapshot at purchase time
    t.integer('amount_fen').unsigned().notNullable(); // snapshot, set by the server
    t.string('status', 16).notNullable(); // pending | paid | closed | refunded
    t.string('provider', 16).notNullable(); // cloudpay | wechatpay-v3 | sandbox | redeem
    t.string('transaction_id', 64).nullable().unique();
    // `user:item` while pending, NULL otherwise: the unique index makes concurrent duplicate
    // creates collapse into one pending order (both MySQL and SQLite allow many NULLs).
    t.string('pending_key', 64).nullable().unique();
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.datetime('expires_at', { precision: 3 }).notNullable();
    t.datetime('paid_at', { precision: 3 }).nullable();
    t.datetime('closed_at', { precision: 3 }).nullable();
    t.datetime('refunded_at', { precision: 3 }).nullable();
    t.datetime('updated_at', { precision: 3 }).notNullable();
    t.index(['user_id', 'created_at']);
    t.index(['status', 'created_at']);
    t.index(['item_type', 'item_id']);
  });

  // One table answers every access question (DESIGN.md); (source, source_id) makes settlement,
  // redemption and grants idempotent.
  await knex.schema.createTable('entitlements', (t) => {
    t.increments('id').primary();
    t.integer('user_id').unsigned().notNullable().references('id').inTable('users');
    t.string('scope', 16).notNullable(); // article | column | membership
    t.integer('item_id').unsigned().notNullable(); // article id, column id, or plan id
    t.string('source', 16).notNullable(); // order | redeem | grant
    t.string('source_id', 64).notNullable();
    t.datetime('starts_at', { precision: 3 }).notNullable();
    t.datetime('expires_at', { precision: 3 }).nullable();
    t.datetime('revoked_at', { precision: 3 }).nullable();
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.unique(['source', 'source_id']);
    t.index(['user_id', 'scope', 'item_id']);
  });

  await knex.schema.createTable('payment_events', (t) => {
    t.increments('id').primary();
    t.string('order_no', 32).nullable().index();
    t.string('provider', 16).notNullable();
    t.string('kind', 32).notNullable(); // notify | query | refund_notify | …
    t.string('transaction_id', 64).nullable();
    t.integer('amount_fen').nullable();
    t.string('verdict', 32).notNullable(); // settled | duplicate | rejected_* | …
    t.string('detail', 255).notNullable().defaultTo('');
    t.text('payload_json').notNullable();
    t.datetime('received_at', { precision: 3 }).notNullable();
  });

  await knex.schema.createTable('refunds', (t) => {
    t.increments('id').primary();
    t.string('out_refund_no', 64).notNullable().unique();
    t.integer('order_id').unsigned().notNullable().unique().references('id').inTable('orders');
    t.integer('amount_fen').unsigned().notNullable();
    t.string('reason', 255).notNullable().defaultTo('');
    t.string('status', 16).notNullable(); // pending | succeeded | failed
    t.integer('admin_id').unsigned().nullable().references('id').inTable('admins');
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.datetime('updated_at', { precision: 3 }).notNullable();
  });

  await knex.schema.createTable('redeem_batches', (t) => {
    t.increments('id').primary();
    t.string('item_type', 16).notNullable();
    t.integer('item_id').unsigned().notNullable();
    t.integer('days').unsigned().nullable(); // access length; null = forever
    t.integer('code_count').unsigned().notNullable();
    t.string('note', 128).notNullable().defaultTo('');
    t.datetime('valid_from', { precision: 3 }).nullable();
    t.datetime('valid_until', { precision: 3 }).nullable();
    t.integer('created_by').unsigned().nullable().references('id').inTable('admins');
    t.datetime('voided_at', { precision: 3 }).nullable();
    t.datetime('created_at', { precision: 3 }).notNullable();
  });

  await knex.schema.createTable('redeem_codes', (t) => {
    t.increments('id').primary();
    t.integer('batch_id').unsigned().notNullable().references('id').inTable('redeem_batches');
    t.string('code', 32).notNullable().unique();
    t.string('status', 16).notNullable().defaultTo('unused'); // unused | used | void
    t.integer('used_by').unsigned().nullable().references('id').inTable('users');
    t.datetime('used_at', { precision: 3 }).nullable();
    t.index(['batch_id', 'status']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['redeem_codes', 'redeem_batches', 'refunds', 'payment_events', 'entitlements', 'orders', 'membership_plans']) {
    await knex.schema.dropTable(table);
  }
}
