import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('reading_progress', (t) => {
    t.integer('user_id').unsigned().notNullable().references('id').inTable('users');
    t.integer('article_id').unsigned().notNullable().references('id').inTable('articles');
    t.integer('percent').unsigned().notNullable().defaultTo(0);
    t.integer('position_sec').unsigned().notNullable().defaultTo(0);
    t.integer('duration_sec').unsigned().notNullable().defaultTo(0); // server-measured study time
    t.boolean('completed').notNullable().defaultTo(false);
    t.datetime('completed_at', { precision: 3 }).nullable();
    t.datetime('last_report_at', { precision: 3 }).notNullable();
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.primary(['user_id', 'article_id']);
    t.index(['user_id', 'last_report_at']);
    t.index(['article_id', 'completed']);
  });

  // Study seconds per learner per Asia/Shanghai calendar day ('YYYY-MM-DD').
  await knex.schema.createTable('learning_daily', (t) => {
    t.integer('user_id').unsigned().notNullable().references('id').inTable('users');
    t.string('day', 10).notNullable();
    t.integer('seconds').unsigned().notNullable().defaultTo(0);
    t.primary(['user_id', 'day']);
  });

  await knex.schema.createTable('comments', (t) => {
    t.increments('id').primary();
    t.integer('article_id').unsigned().notNullable().references('id').inTable('articles');
    t.integer('user_id').unsigned().nullable().references('id').inTable('users');
    t.integer('admin_id').unsigned().nullable().references('id').inTable('admins'); // author replies
    t.integer('parent_id').unsigned().nullable().references('id').inTable('comments');
    t.text('content').notNullable();
    t.string('status', 16).notNullable(); // pending | published | rejected | deleted
    t.boolean('pinned').notNullable().defaultTo(false);
    t.boolean('is_author_reply').notNullable().defaultTo(false);
    t.integer('like_count').unsigned().notNullable().defaultTo(0);
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.datetime('updated_at', { precision: 3 }).notNullable();
    t.index(['article_id', 'status', 'pinned', 'created_at']);
    t.index(['user_id', 'created_at']);
    t.index(['status', 'created_at']);
  });

  await knex.schema.createTable('likes', (t) => {
    t.integer('user_id').unsigned().notNullable().references('id').inTable('users');
    t.string('target_type', 16).notNullable(); // comment | article
    t.integer('target_id').unsigned().notNullable();
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.primary(['user_id', 'target_type', 'target_id']);
    t.index(['target_type', 'target_id']);
  });

  await knex.schema.createTable('favorites', (t) => {
    t.integer('user_id').unsigned().notNullable().references('id').inTable('users');
    t.integer('article_id').unsigned().notNullable().references('id').inTable('articles');
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.primary(['user_id', 'article_id']);
    t.index(['user_id', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['favorites', 'likes', 'comments', 'learning_daily', 'reading_progress']) {
    await knex.schema.dropTable(table);
  }
}
