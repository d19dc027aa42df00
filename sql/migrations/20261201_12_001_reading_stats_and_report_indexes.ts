import type { Knex } from 'knex';

/**
 * The CMS reports at scale (issue 12): per-article readers and completions kept as a summary
 * maintained in progress.report's write path (a reading_progress row is inserted → readers + 1;
 * completion turns on → completed + 1), so the column funnel and the dashboard's completion per
 * column read one row per article instead of grouping millions of progress rows; and indexes
 * that turn the dashboard's windowed queries into range scans over just the window: paid orders
 * by paid_at, study days by day, progress rows by last report.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('article_reading_stats', (t) => {
    t.integer('article_id').unsigned().notNullable().primary().references('id').inTable('articles');
    t.integer('readers').unsigned().notNullable().defaultTo(0);
    t.integer('completed').unsigned().notNullable().defaultTo(0);
  });
  await knex.raw(
    `INSERT INTO article_reading_stats (article_id, readers, completed)
     SELECT article_id, COUNT(*), SUM(CASE WHEN completed THEN 1 ELSE 0 END) FROM reading_progress GROUP BY article_id`,
  );
  await knex.schema.alterTable('orders', (t) => {
    // Covering for the dashboard: the window's paid/refunded orders without touching the rows.
    t.index(['status', 'paid_at', 'user_id', 'amount_fen'], 'orders_status_paid_at_user_amount_index');
  });
  await knex.schema.alterTable('learning_daily', (t) => {
    t.index(['day', 'user_id'], 'learning_daily_day_user_index');
  });
  await knex.schema.alterTable('reading_progress', (t) => {
    t.index(['last_report_at', 'article_id', 'completed'], 'reading_progress_last_report_article_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('reading_progress', (t) => {
    t.dropIndex(['last_report_at', 'article_id', 'completed'], 'reading_progress_last_report_article_index');
  });
  await knex.schema.alterTable('learning_daily', (t) => {
    t.dropIndex(['day', 'user_id'], 'learning_daily_day_user_index');
  });
  await knex.schema.alterTable('orders', (t) => {
    t.dropIndex(['status', 'paid_at', 'user_id', 'amount_fen'], 'orders_status_paid_at_user_amount_index');
  });
  await knex.schema.dropTable('article_reading_stats');
}
