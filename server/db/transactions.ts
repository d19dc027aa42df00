import type { Knex } from 'knex';
import { dbClientOf } from './dialect';

/** MySQL/MariaDB deadlock and lock-wait errnos, and SQLite's busy codes: safe to run again. */
const RETRYABLE_ERRNOS = new Set([1213, 1205]);
const RETRYABLE_CODES = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', 'SQLITE_BUSY', 'SQLITE_LOCKED']);

export function isRetryableTxError(err: unknown): boolean {
  const e = err as { errno?: number; code?: string } | null;
  return !!e && ((e.errno !== undefined && RETRYABLE_ERRNOS.has(e.errno)) || (e.code !== undefined && RETRYABLE_CODES.has(e.code)));
}

/**
 * Runs `work` in a transaction, again from the start when the database chose it as a deadlock
 * victim (InnoDB rolls the whole transaction back, so a rerun is the documented remedy). Row
 * locks taken in a consistent order make deadlocks rare, but foreign-key checks take shared
 * locks of their own (a reply's insert locks its parent comment), so two requests can still
 * cross. The one retrying transaction helper: every service uses it.
 */
export async function inTransaction<T>(db: Knex, work: (trx: Knex.Transaction) => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let workError: unknown;
    try {
      return await db.transaction(async (trx) => {
        try {
          return await work(trx);
        } catch (err) {
          workError = err;
          throw err;
        }
      });
    } catch (caught) {
      // When a statement's deadline destroyed the connection, knex's ROLLBACK then fails on it and
      // replaces the statement's error with its own; the statement's error says what happened.
      const err = workError !== undefined && caught !== workError && isRollbackOnClosedConnection(caught) ? workError : caught;
      if (attempt >= attempts || !isRetryableTxError(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.floor(Math.random() * 10)));
    }
  }
}

function isRollbackOnClosedConnection(err: unknown): boolean {
  const message = (err as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message.startsWith('ROLLBACK') && /closed state|Connection lost/.test(message);
}

/**
 * `SELECT … FOR UPDATE` where it exists. SQLite has no row locks and needs none: its one writer
 * already serialises transactions (and knex warns on forUpdate there).
 */
export function forUpdate(db: Knex, q: Knex.QueryBuilder): Knex.QueryBuilder {
  return dbClientOf(db) === 'mysql' ? q.forUpdate() : q;
}
