import type { Knex } from 'knex';

/**
 * Selling tools (issue 15): coupons, limited-time prices, gifts and single-level referral.
 * Orders snapshot every part of their price (original, discount, amount) and name the coupon
 * they lock; a gift order grants nothing to its buyer and carries a single-use claim token.
 * Old orders keep NULL original_fen: their amount was their original price.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('orders', (t) => {
    t.integer('original_fen').unsigned().nullable();
    t.integer('discount_fen').unsigned().notNullable().defaultTo(0);
    t.integer('user_coupon_id').unsigned().nullable().index();
    t.integer('promotion_id').unsigned().nullable();
    t.boolean('is_gift').notNullable().defaultTo(false);
  });

  await knex.schema.createTable('coupons', (t) => {
    t.increments('id').primary();
    t.string('title', 64).notNullable();
    t.string('discount_type', 16).notNullable(); // amount | percent
    t.integer('amount_fen').unsigned().nullable();
    t.integer('percent_off').unsigned().nullable();
    t.integer('min_spend_fen').unsigned().notNullable().defaultTo(0);
    t.string('item_type', 16).nullable(); // null = every item
    t.integer('item_id').unsigned().nullable(); // null = every item of item_type
    t.integer('stock').unsigned().notNullable();
    // Incremented by the claim's conditional update (claimed < stock): never oversold.
    t.integer('claimed').unsigned().notNullable().defaultTo(0);
    t.integer('per_user_limit').unsigned().notNullable();
    t.datetime('starts_at', { precision: 3 }).nullable();
    t.datetime('ends_at', { precision: 3 }).nullable();
    t.string('status', 16).notNullable().defaultTo('active'); // active | stopped
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.datetime('updated_at', { precision: 3 }).notNullable();
  });

  await knex.schema.createTable('user_coupons', (t) => {
    t.increments('id').primary();
    t.integer('coupon_id').unsigned().notNullable().references('id').inTable('coupons');
    t.integer('user_id').unsigned().notNullable().references('id').inTable('users');
    t.string('status', 16).notNullable(); // unused | locked | used
    // The pending order that locks it, then the order it paid for.
    t.integer('order_id').unsigned().nullable();
    t.datetime('claimed_at', { precision: 3 }).notNullable();
    t.datetime('used_at', { precision: 3 }).nullable();
    t.datetime('updated_at', { precision: 3 }).notNullable();
    t.index(['user_id', 'coupon_id']);
    t.index(['coupon_id', 'status']);
  });

  await knex.schema.createTable('promotions', (t) => {
    t.increments('id').primary();
    t.string('item_type', 16).notNullable();
    t.integer('item_id').unsigned().notNullable();
    t.integer('price_fen').unsigned().notNullable();
    t.datetime('starts_at', { precision: 3 }).notNullable();
    t.datetime('ends_at', { precision: 3 }).notNullable();
    t.string('status', 16).notNullable().defaultTo('active'); // active | stopped
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.datetime('updated_at', { precision: 3 }).notNullable();
    t.index(['item_type', 'item_id', 'status']);
  });

  await knex.schema.createTable('gifts', (t) => {
    t.increments('id').primary();
    t.integer('order_id').unsigned().notNullable().unique();
    t.integer('buyer_id').unsigned().notNullable().references('id').inTable('users');
    t.string('claim_token', 32).notNullable().unique();
    t.integer('claimed_by').unsigned().nullable();
    t.datetime('claimed_at', { precision: 3 }).nullable();
    t.datetime('created_at', { precision: 3 }).notNullable();
  });

  await knex.schema.createTable('referral_codes', (t) => {
    t.integer('user_id').unsigned().primary();
    t.string('code', 16).notNullable().unique();
    t.datetime('created_at', { precision: 3 }).notNullable();
  });

  // The primary key on user_id is what makes the first binding win.
  await knex.schema.createTable('referral_bindings', (t) => {
    t.integer('user_id').unsigned().primary();
    t.integer('referrer_id').unsigned().notNullable().index();
    t.datetime('bound_at', { precision: 3 }).notNullable();
  });

  await knex.schema.createTable('referral_settings', (t) => {
    t.integer('id').unsigned().primary(); // always 1
    t.integer('rate_percent').unsigned().notNullable();
    t.integer('hold_days').unsigned().notNullable();
    t.datetime('updated_at', { precision: 3 }).notNullable();
  });

  await knex.schema.createTable('commissions', (t) => {
    t.increments('id').primary();
    t.integer('order_id').unsigned().notNullable().unique();
    t.integer('referrer_id').unsigned().notNullable();
    t.integer('buyer_id').unsigned().notNullable();
    t.integer('order_amount_fen').unsigned().notNullable();
    t.integer('rate_percent').unsigned().notNullable();
    t.integer('amount_fen').unsigned().notNullable();
    t.string('status', 16).notNullable(); // held | cancelled (available = held past available_at)
    t.datetime('available_at', { precision: 3 }).notNullable();
    t.datetime('cancelled_at', { precision: 3 }).nullable();
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.index(['referrer_id', 'status']);
  });

  await knex.schema.createTable('payouts', (t) => {
    t.increments('id').primary();
    t.integer('referrer_id').unsigned().notNullable().index();
    t.integer('amount_fen').unsigned().notNullable();
    t.integer('admin_id').unsigned().nullable();
    t.string('note', 128).nullable();
    t.datetime('created_at', { precision: 3 }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'payouts',
    'commissions',
    'referral_settings',
    'referral_bindings',
    'referral_codes',
    'gifts',
    'promotions',
    'user_coupons',
    'coupons',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.schema.alterTable('orders', (t) => {
    t.dropIndex(['user_coupon_id']);
    t.dropColumn('original_fen');
    t.dropColumn('discount_fen');
    t.dropColumn('user_coupon_id');
    t.dropColumn('promotion_id');
    t.dropColumn('is_gift');
  });
}
