import type { Knex } from 'knex';

export { COLUMN_STATUSES, ARTICLE_STATUSES, type ColumnStatus, type ArticleStatus } from './statuses';

/**
 * What exists for learners (DESIGN.md): a published article whose release time has come, in a
 * published column. Drafts, scheduled articles and archived columns are filtered in SQL, here,
 * so no list can forget it.
 */
export function whereArticleReleased(q: Knex.QueryBuilder, now: Date, alias = 'a'): Knex.QueryBuilder {
  return q
    .where(`${alias}.status`, 'published')
    .andWhere((w) => w.whereNull(`${alias}.publish_at`).orWhere(`${alias}.publish_at`, '<=', now));
}

export function whereColumnListed(q: Knex.QueryBuilder, alias = 'c'): Knex.QueryBuilder {
  return q.where(`${alias}.status`, 'published');
}

/** Released-article count per column, as a correlated subquery usable in a select list. */
export function releasedArticleCount(db: Knex, now: Date, columnAlias = 'c'): Knex.QueryBuilder {
  return whereArticleReleased(db('articles as ac').count('* as n').whereRaw(`ac.column_id = ${columnAlias}.id`), now, 'ac');
}

/**
 * Columns whose articles may be opened by id: published ones, and archived ones — the latter only
 * for learners who own them, which the caller decides after the access decision
 * (docs/architecture.md: archived columns leave the shop but stay readable for their owners).
 */
export function whereColumnReadable(q: Knex.QueryBuilder, alias = 'c'): Knex.QueryBuilder {
  return q.whereIn(`${alias}.status`, ['published', 'archived']);
}
