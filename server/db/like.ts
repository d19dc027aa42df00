import type { Knex } from 'knex';

/**
 * "Contains this text", with `%` and `_` taken literally. `!` is the escape character because a
 * backslash is spelled differently in MySQL and SQLite string literals, and SQLite has no default
 * LIKE escape at all — `\%` there matches a backslash followed by anything.
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[!%_]/g, (ch) => `!${ch}`)}%`;
}

/** `column LIKE '%text%' ESCAPE '!'` — the one way every search in this product matches text. */
export function whereContains(q: Knex.QueryBuilder, column: string, text: string): Knex.QueryBuilder {
  return q.whereRaw(`?? LIKE ? ESCAPE '!'`, [column, containsPattern(text)]);
}

export function orWhereContains(q: Knex.QueryBuilder, column: string, text: string): Knex.QueryBuilder {
  return q.orWhereRaw(`?? LIKE ? ESCAPE '!'`, [column, containsPattern(text)]);
}
