import type { Knex } from 'knex';

/**
 * Highlights and notes (issue 16). `anchor_start`/`anchor_end` are offsets into the article's
 * plain text (`server/domain/content/plain-text.ts`), `quote` the text at that anchor when the note
 * was made — kept as the learner's own, so a later edit of the article or a refund leaves it.
 * (user_id, created_at) serves "my notes", (user_id, article_id) the notes of one article.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('notes', (t) => {
    t.increments('id').primary();
    t.integer('user_id').unsigned().notNullable().references('id').inTable('users');
    t.integer('article_id').unsigned().notNullable().references('id').inTable('articles');
    t.integer('anchor_start').unsigned().notNullable();
    t.integer('anchor_end').unsigned().notNullable();
    t.text('quote').notNullable();
    t.text('text').notNullable();
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.index(['user_id', 'created_at']);
    t.index(['user_id', 'article_id', 'anchor_start']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('notes');
}
