import type { Knex } from 'knex';
import { dbClientOf } from './connection';

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

/** MySQL may pick a transaction as a deadlock victim; the statement is safe to run again. */
export async function withDeadlockRetry<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (attempt >= attempts || (code !== 'ER_LOCK_DEADLOCK' && code !== 'ER_LOCK_WAIT_TIMEOUT')) throw err;
    }
  }
}
