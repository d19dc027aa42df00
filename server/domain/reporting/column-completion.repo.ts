import type { Knex } from 'knex';
import { toNum } from '../../db/values';
import { dbClientOf } from '../../db/dialect';
import { forUpdate } from '../../db/transactions';
import { READING_ORDER } from './progress.admin';

/**
 * The dashboard's completion per column, kept by the content writes (issue 12): each column's
 * outline (its published articles, the first and the last in reading order) in `column_outlines`,
 * and on each article's summary row (article_reading_stats) its column and whether it is
 * published, so the report sums one index range per column instead of joining every article.
 *
 * A content write that may change them locks the columns first (`lockColumnOutlines`, before it
 * writes any article), then calls `refreshColumnCompletion` after its change, in its transaction.
 */
export async function lockColumnOutlines(trx: Knex.Transaction | Knex, columnIds: readonly number[]): Promise<number[]> {
  const ids = [...new Set(columnIds)].sort((x, y) => x - y);
  if (!ids.length) return [];
  // Writers on one column queue on its row, in id order (two moves across the same columns cannot
  // deadlock), before any of them holds an article row — so the locking read below never waits
  // for a writer that waits for it.
  const locked: Array<{ id: unknown }> = await forUpdate(trx as Knex, trx('columns').whereIn('id', ids).select('id'));
  return locked.map((r) => Number(r.id));
}

/**
 * Recomputes the columns' outlines and their summary rows' flags (every column whose published
 * articles or reading order the write may have changed: both columns of a move). The articles are
 * read as committed (a locking read), not as this transaction's snapshot, which may predate
 * another writer that held the column before it.
 */
export async function refreshColumnCompletion(trx: Knex.Transaction | Knex, columnIds: readonly number[]): Promise<void> {
  const present = await lockColumnOutlines(trx, columnIds); // already held by the writer: a no-op then
  const articles = trx('articles as a')
    .leftJoin('chapters as ch', 'ch.id', 'a.chapter_id')
    .whereIn('a.column_id', present)
    .orderBy('a.column_id')
    .orderByRaw(READING_ORDER)
    .select('a.id', 'a.column_id', 'a.status');
  if (dbClientOf(trx as Knex) === 'mysql') articles.forShare();
  const rows: Array<{ id: unknown; column_id: unknown; status: unknown }> = present.length ? await articles : [];

  for (const columnId of present) {
    const mine = rows.filter((r) => Number(r.column_id) === columnId);
    const published = mine.filter((r) => r.status === 'published').map((r) => Number(r.id));
    const others = mine.filter((r) => r.status !== 'published').map((r) => Number(r.id));
    await trx('column_outlines')
      .insert({
        column_id: columnId,
        articles: published.length,
        first_article_id: published[0] ?? null,
        last_article_id: published.at(-1) ?? null,
      })
      .onConflict('column_id')
      .merge();
    if (published.length)
      await trx('article_reading_stats').whereIn('article_id', published).update({ column_id: columnId, published: true });
    if (others.length) await trx('article_reading_stats').whereIn('article_id', others).update({ column_id: columnId, published: false });
  }
}

/** A column's outline goes with it (deleteColumn refuses a column that still has articles). */
export async function dropColumnOutline(trx: Knex.Transaction, columnId: number): Promise<void> {
  await trx('column_outlines').where('column_id', columnId).delete();
}

export interface ColumnCompletion {
  columnId: number;
  title: string;
  /** Published articles. */
  articles: number;
  /** Learners who read the first published article in reading order … */
  learners: number;
  /** … and who read the last one to the end. */
  finishers: number;
  /** Article reads and how many were read to the end, over the published articles. */
  reads: number;
  completed: number;
  rate: number;
}

/**
 * Completion per published column in one statement, O(columns): the outline and the first and
 * last articles' summary rows by primary key, and the reads summed per column over one range of
 * article_reading_stats (published, column_id, readers, completed) — no article row is read.
 */
export async function completionByColumn(db: Knex): Promise<ColumnCompletion[]> {
  const sums = db('article_reading_stats')
    .where('published', true)
    .groupBy('column_id')
    .select('column_id')
    .sum({ reads: 'readers', completed: 'completed' })
    .as('t');
  const rows: Array<Record<string, unknown>> = await db('columns as c')
    .leftJoin('column_outlines as o', 'o.column_id', 'c.id')
    .leftJoin('article_reading_stats as fs', 'fs.article_id', 'o.first_article_id')
    .leftJoin('article_reading_stats as ls', 'ls.article_id', 'o.last_article_id')
    .leftJoin(sums, 't.column_id', 'c.id')
    .where('c.status', 'published')
    .orderBy([{ column: 'c.sort' }, { column: 'c.id' }])
    .select('c.id', 'c.title', 'o.articles', 'fs.readers as learners', 'ls.completed as finishers', 't.reads', 't.completed');
  return rows.map((r) => {
    const reads = toNum(r.reads);
    const completed = toNum(r.completed);
    return {
      columnId: Number(r.id),
      title: String(r.title),
      articles: toNum(r.articles),
      learners: toNum(r.learners),
      finishers: toNum(r.finishers),
      reads,
      completed,
      rate: reads ? completed / reads : 0,
    };
  });
}
