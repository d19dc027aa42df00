import type { Knex } from 'knex';

/**
 * The dashboard's top articles without grouping a window's progress rows (issue 12,
 * `topArticlesSince`): candidates come in order of their readers ever (article_reading_stats by
 * readers), and each candidate's readers in the window are a range of reading_progress
 * (article_id, last_report_at, completed). That index replaces (last_report_at, article_id,
 * completed), which only the old top-articles query read, so a progress report maintains as many
 * indexes as before.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('reading_progress', (t) => {
    t.index(['article_id', 'last_report_at', 'completed'], 'reading_progress_article_last_report_index');
  });
  await knex.schema.alterTable('reading_progress', (t) => {
    t.dropIndex(['last_report_at', 'article_id', 'completed'], 'reading_progress_last_report_article_index');
  });
  await knex.schema.alterTable('article_reading_stats', (t) => {
    t.index(['readers', 'article_id'], 'article_reading_stats_readers_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('article_reading_stats', (t) => {
    t.dropIndex(['readers', 'article_id'], 'article_reading_stats_readers_index');
  });
  await knex.schema.alterTable('reading_progress', (t) => {
    t.index(['last_report_at', 'article_id', 'completed'], 'reading_progress_last_report_article_index');
  });
  await knex.schema.alterTable('reading_progress', (t) => {
    t.dropIndex(['article_id', 'last_report_at', 'completed'], 'reading_progress_article_last_report_index');
  });
}
