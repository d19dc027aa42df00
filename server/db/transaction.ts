import type { Knex } from 'knex';

/** InnoDB picked this transaction as a deadlock victim; its work was rolled back whole. */
export function isDeadlock(err: unknown): boolean {
  const e = err as { code?: string; errno?: number } | null;
  return !!e && (e.code === 'ER_LOCK_DEADLOCK' || e.errno === 1213);
}

/**
 * A transaction that is run again when InnoDB resolves a deadlock by rolling it back. Row locks
 * taken in a consistent order make deadlocks rare, but foreign-key checks take shared locks of
 * their own (a reply's insert locks its parent comment), so two requests of one user can still
 * cross. The victim saw nothing committed, so running it again is safe. SQLite has one writer
 * and never raises these codes. (No import of ./connection here: it would pull knex itself into
 * every function bundle at require time.)
 */
export async function transactionWithRetry<T>(db: Knex, work: (trx: Knex.Transaction) => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.transaction(work);
    } catch (err) {
      if (attempt >= attempts || !isDeadlock(err)) throw err;
    }
  }
}
