import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('columns', (t) => {
    t.increments('id').primary();
    t.string('title', 128).notNullable();
    t.string('subtitle', 256).notNullable().defaultTo('');
    t.text('intro').notNullable();
    t.string('cover', 512).notNullable().defaultTo('');
    t.integer('price_fen').unsigned().notNullable().defaultTo(0);
    t.boolean('member_included').notNullable().defaultTo(false);
    t.string('status', 16).notNullable().defaultTo('draft'); // draft | published | archived
    t.integer('sort').notNullable().defaultTo(0);
    t.datetime('published_at', { precision: 3 }).nullable();
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.datetime('updated_at', { precision: 3 }).notNullable();
    t.index(['status', 'sort', 'id']);
  });

  await knex.schema.createTable('chapters', (t) => {
    t.increments('id').primary();
    t.integer('column_id').unsigned().notNullable().references('id').inTable('columns');
    t.string('title', 128).notNullable();
    t.integer('sort').notNullable().defaultTo(0);
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.datetime('updated_at', { precision: 3 }).notNullable();
    t.index(['column_id', 'sort']);
  });

  await knex.schema.createTable('articles', (t) => {
    t.increments('id').primary();
    t.integer('column_id').unsigned().notNullable().references('id').inTable('columns');
    t.integer('chapter_id').unsigned().nullable().references('id').inTable('chapters');
    t.string('title', 128).notNullable();
    t.string('summary', 512).notNullable().defaultTo('');
    t.text('body_md', 'mediumtext').notNullable(); // creator's markdown source
    t.text('body_html', 'mediumtext').notNullable(); // sanitized full body
    t.text('preview_html', 'mediumtext').notNullable(); // server-cut free preview
    t.integer('preview_ratio').notNullable().defaultTo(30); // % used when there is no marker
    t.string('audio_file_id', 512).nullable();
    t.integer('audio_duration_sec').unsigned().nullable();
    t.string('video_file_id', 512).nullable();
    t.integer('video_duration_sec').unsigned().nullable();
    t.boolean('is_free').notNullable().defaultTo(false);
    t.integer('price_fen').unsigned().nullable(); // null = not sold alone
    t.string('status', 16).notNullable().defaultTo('draft'); // draft | published
    t.datetime('publish_at', { precision: 3 }).nullable(); // scheduled release
    t.integer('sort').notNullable().defaultTo(0);
    t.integer('like_count').unsigned().notNullable().defaultTo(0);
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.datetime('updated_at', { precision: 3 }).notNullable();
    t.index(['column_id', 'status', 'sort']);
    t.index(['status', 'publish_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('articles');
  await knex.schema.dropTable('chapters');
  await knex.schema.dropTable('columns');
}
