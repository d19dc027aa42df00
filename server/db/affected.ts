import type { Knex } from 'knex';
import { dbClientOf } from './dialect';

/**
 * `INSERT … ON CONFLICT DO NOTHING` (SQLite) / `INSERT IGNORE` (MySQL) that says whether a row
 * went in. knex's insert() reports only an insert id, which a composite-key table does not
 * have; the driver's affected-row count is what tells a first insert from a duplicate.
 */
export async function insertIgnore(db: Knex, table: string, row: Record<string, unknown>, conflict: string[]): Promise<number> {
  const native = db(table).insert(row).onConflict(conflict).ignore().toSQL().toNative();
  const result: unknown = await db.raw(native.sql, native.bindings as readonly Knex.RawBinding[]);
  if (dbClientOf(db) === 'mysql') return Number((result as Array<{ affectedRows?: number }>)[0]?.affectedRows ?? 0);
  return Number((result as { changes?: number }).changes ?? 0);
}
