import type { Knex } from 'knex';

/**
 * New-lesson notices (issue 16). `notice_grants`: one row per one-time subscription grant the
 * learner accepted (wx.requestSubscribeMessage), spent by one message. `notice_deliveries`: one
 * row per learner and article — its unique key is the "at most once" — with the message sent and
 * its outcome. `message_outbox` is where the local subscribeMessage adapter records what it would
 * have sent (the CMS shows it).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('notice_grants', (t) => {
    t.increments('id').primary();
    t.integer('user_id').unsigned().notNullable().references('id').inTable('users');
    t.integer('column_id').unsigned().notNullable().references('id').inTable('columns');
    t.datetime('granted_at', { precision: 3 }).notNullable();
    t.datetime('used_at', { precision: 3 }).nullable();
    t.index(['column_id', 'used_at', 'granted_at']);
    t.index(['user_id', 'column_id', 'used_at']);
  });
  await knex.schema.createTable('notice_deliveries', (t) => {
    t.increments('id').primary();
    t.integer('user_id').unsigned().notNullable().references('id').inTable('users');
    t.integer('article_id').unsigned().notNullable().references('id').inTable('articles');
    t.integer('column_id').unsigned().notNullable().references('id').inTable('columns');
    t.integer('grant_id').unsigned().notNullable().references('id').inTable('notice_grants');
    t.string('status', 16).notNullable(); // sending | sent | failed
    t.text('payload_json').notNullable();
    t.string('error', 256).nullable();
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.datetime('sent_at', { precision: 3 }).nullable();
    t.unique(['user_id', 'article_id']);
    t.index(['created_at']);
  });
  await knex.schema.createTable('message_outbox', (t) => {
    t.increments('id').primary();
    t.string('channel', 32).notNullable(); // subscribeMessage
    t.string('touser', 64).notNullable();
    t.string('template_id', 128).notNullable();
    t.string('page', 256).notNullable();
    t.text('data_json').notNullable();
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.index(['created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('message_outbox');
  await knex.schema.dropTable('notice_deliveries');
  await knex.schema.dropTable('notice_grants');
}
