import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.increments('id').primary();
    t.string('openid', 64).notNullable().unique();
    t.string('unionid', 64).nullable().index();
    t.string('nickname', 64).notNullable().defaultTo('');
    t.string('avatar', 512).notNullable().defaultTo('');
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.datetime('updated_at', { precision: 3 }).notNullable();
  });

  await knex.schema.createTable('admins', (t) => {
    t.increments('id').primary();
    t.string('username', 64).notNullable().unique();
    t.string('password_hash', 255).notNullable();
    t.string('role', 16).notNullable(); // owner | editor | support
    t.string('status', 16).notNullable().defaultTo('active'); // active | disabled
    t.integer('failed_logins').notNullable().defaultTo(0);
    t.datetime('locked_until', { precision: 3 }).nullable();
    t.datetime('last_login_at', { precision: 3 }).nullable();
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.datetime('updated_at', { precision: 3 }).notNullable();
  });

  await knex.schema.createTable('audit_log', (t) => {
    t.increments('id').primary();
    t.integer('admin_id').unsigned().nullable().references('id').inTable('admins');
    t.string('action', 64).notNullable();
    t.string('target_type', 32).notNullable();
    t.string('target_id', 64).nullable();
    t.text('before_json').nullable();
    t.text('after_json').nullable();
    t.datetime('created_at', { precision: 3 }).notNullable().index();
    t.index(['target_type', 'target_id']);
  });

  // Runtime settings creators change without a release (e.g. the iOS purchase policy).
  await knex.schema.createTable('settings', (t) => {
    t.string('key', 64).primary();
    t.text('value_json').notNullable();
    t.datetime('updated_at', { precision: 3 }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('settings');
  await knex.schema.dropTable('audit_log');
  await knex.schema.dropTable('admins');
  await knex.schema.dropTable('users');
}
