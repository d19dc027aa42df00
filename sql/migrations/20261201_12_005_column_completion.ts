import type { Knex } from 'knex';

/**
 * The dashboard's completion per column without joining every published article (issue 12: the
 * join of 10k articles with their summary rows was 17–33 ms of a ≤ 20 ms dashboard):
 *
 * - `article_reading_stats` carries its article's `column_id` and whether it is `published`
 *   (the article's status, as the CMS summary counts it), so a column's reads and completions are
 *   one range of the (published, column_id, readers, completed) index. progress.report's bump
 *   takes both from the article row when it inserts a summary row; the content writes that move
 *   or (un)publish an article set them (`refreshColumnCompletion`).
 * - `column_outlines`: per column, its published articles and the first and last of them in
 *   reading order (whose readers are the column's learners and whose completions its finishers),
 *   kept by the content writes that change them — publish, unpublish, move, delete, reorder.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('article_reading_stats', (t) => {
    t.integer('column_id').unsigned().notNullable().defaultTo(0);
    t.boolean('published').notNullable().defaultTo(false);
  });
  await knex.schema.alterTable('article_reading_stats', (t) => {
    t.index(['published', 'column_id', 'readers', 'completed'], 'article_reading_stats_column_index');
  });
  await knex.schema.createTable('column_outlines', (t) => {
    t.integer('column_id').unsigned().notNullable().primary().references('id').inTable('columns');
    t.integer('articles').unsigned().notNullable().defaultTo(0);
    t.integer('first_article_id').unsigned().nullable();
    t.integer('last_article_id').unsigned().nullable();
  });
  await recountColumnCompletion(knex);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('column_outlines');
  await knex.schema.alterTable('article_reading_stats', (t) => {
    t.dropIndex(['published', 'column_id', 'readers', 'completed'], 'article_reading_stats_column_index');
  });
  await knex.schema.alterTable('article_reading_stats', (t) => {
    t.dropColumn('published');
    t.dropColumn('column_id');
  });
}

/**
 * Both structures recomputed from the articles, all columns at once — the backfill, and what
 * tests compare the write paths' upkeep with (tests/domain/reporting/column-completion.test.ts).
 */
export async function recountColumnCompletion(knex: Knex): Promise<void> {
  await knex.raw(
    `UPDATE article_reading_stats SET
       column_id = (SELECT a.column_id FROM articles a WHERE a.id = article_reading_stats.article_id),
       published = (SELECT CASE WHEN a.status = 'published' THEN 1 ELSE 0 END FROM articles a WHERE a.id = article_reading_stats.article_id)`,
  );
  // Reading order: chapters by their sort (unassigned articles last), then the articles' sort and id.
  const rows: Array<{ column_id: unknown; id: unknown }> = await knex('articles as a')
    .leftJoin('chapters as ch', 'ch.id', 'a.chapter_id')
    .where('a.status', 'published')
    .orderBy('a.column_id')
    .orderByRaw('CASE WHEN ch.id IS NULL THEN 1 ELSE 0 END, ch.sort, ch.id, a.sort, a.id')
    .select('a.column_id', 'a.id');
  const outlines = new Map<
    number,
    { column_id: number; articles: number; first_article_id: number | null; last_article_id: number | null }
  >();
  for (const c of await knex('columns').select('id')) {
    outlines.set(Number(c.id), { column_id: Number(c.id), articles: 0, first_article_id: null, last_article_id: null });
  }
  for (const r of rows) {
    const o = outlines.get(Number(r.column_id));
    if (!o) continue;
    o.articles += 1;
    o.first_article_id ??= Number(r.id);
    o.last_article_id = Number(r.id);
  }
  await knex('column_outlines').delete();
  if (outlines.size) await knex.batchInsert('column_outlines', [...outlines.values()], 500);
}
