import type { Knex } from 'knex';

/**
 * Image moderation (issue 13): one row per image sent to mediaCheckAsync, keyed by WeChat's
 * trace_id, until its `wxa_media_check` push says pass or risky. A risky image is taken down from
 * where it is used (`target_type` avatar → users.avatar, cover → columns.cover).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('media_checks', (t) => {
    t.string('trace_id', 64).primary();
    t.string('target_type', 16).notNullable(); // avatar | cover
    t.integer('target_id').unsigned().notNullable();
    t.string('file_id', 512).notNullable();
    t.string('status', 16).notNullable(); // pending | pass | review | risky
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.datetime('updated_at', { precision: 3 }).notNullable();
    t.index(['target_type', 'target_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('media_checks');
}
