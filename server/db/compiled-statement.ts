import type { Knex } from 'knex';
import { dbClientOf } from './dialect';
import { PREPARED_OPTION } from './prepared';

// A parameter may be null at run time (its sentinel never is: a null could not be found in the bindings).
type Param = string | number | Date | null;

/**
 * A statement that runs on a hot path with a text that never changes, only its parameters.
 * Building and compiling it with knex costs more CPU than executing it, so it is compiled once
 * per knex instance — with sentinel values no real parameter can equal — and reused with fresh
 * bindings placed where the sentinels were found.
 */
export function compiledStatement<P extends Record<string, Param>>(
  name: string,
  build: (db: Knex, params: P) => Knex.QueryBuilder,
  sentinels: P,
): (db: Knex, params: P) => { sql: string; bindings: readonly Knex.RawBinding[] } {
  const cache = new WeakMap<Knex, { sql: string; bindings: unknown[]; slots: Array<[keyof P, number[]]> }>();
  const same = (a: unknown, b: unknown) => (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b);
  return (db, params) => {
    let stmt = cache.get(db);
    if (!stmt) {
      const native = build(db, sentinels).toSQL().toNative();
      const bindings = [...native.bindings] as unknown[];
      const slots = (Object.keys(sentinels) as Array<keyof P>)
        .filter((key) => sentinels[key] !== undefined)
        .map((key) => [key, bindings.flatMap((b, i) => (same(b, sentinels[key]) ? [i] : []))] as [keyof P, number[]]);
      const lost = slots.find(([, at]) => at.length === 0);
      if (lost) throw new Error(`${name}: parameter ${String(lost[0])} was not found in the compiled bindings`);
      stmt = { sql: native.sql, bindings, slots };
      cache.set(db, stmt);
    }
    const bindings = [...stmt.bindings];
    for (const [key, at] of stmt.slots) for (const i of at) bindings[i] = params[key];
    return { sql: stmt.sql, bindings: bindings as Knex.RawBinding[] };
  };
}

/** The knex client calls `runCompiled` makes itself (public in knex's source, not in its types). */
interface KnexClientCalls {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown>;
  query(connection: unknown, obj: Record<string, unknown>): Promise<{ response?: unknown }>;
  emit(event: string, ...args: unknown[]): boolean;
}

let compiledQueryUid = 0;

/**
 * Runs a compiled statement. On MySQL it is a server-side prepared statement (mysql2 \`execute\`):
 * its text never changes, so each pooled connection prepares it once and later calls skip the
 * server's parse — a third of a short statement's cost on loopback (docs/performance.md).
 * SQLite's driver prepares every statement anyway and ignores the flag.
 *
 * On MySQL it also skips knex's query builder and runner, which cost about 0.04 ms a statement —
 * a sixth of a whole access decision on loopback — for work a compiled statement has already
 * done (building and compiling). It goes straight to the client's driver call, as the runner
 * would: the pool (or the transaction's connection, via the transaction's client), the
 * statement deadline and prepared execution (the client's `_query`, db/connection.ts), and the
 * 'query' / 'query-error' / 'query-response' events that statement counts and logs listen to.
 */
export async function runCompiled(db: Knex, statement: { sql: string; bindings: readonly Knex.RawBinding[] }): Promise<unknown> {
  if (dbClientOf(db) !== 'mysql') return db.raw(statement.sql, statement.bindings);
  const client = db.client as unknown as KnexClientCalls;
  const connection = await client.acquireConnection();
  try {
    const obj = {
      method: 'raw',
      sql: statement.sql,
      bindings: [...statement.bindings],
      options: { [PREPARED_OPTION]: true },
      __knexQueryUid: `compiled-${++compiledQueryUid}`,
    };
    const answered = await client.query(connection, obj);
    client.emit('query-response', answered.response, obj);
    return answered.response;
  } finally {
    await client.releaseConnection(connection);
  }
}

/** Rows of a raw SELECT, evened out across drivers (mysql2 answers [rows, fields]). */
export function rowsOf(db: Knex, result: unknown): Array<Record<string, unknown>> {
  return (dbClientOf(db) === 'mysql' ? (result as [Array<Record<string, unknown>>])[0] : result) as Array<Record<string, unknown>>;
}

/** Rows changed (matched) by a raw UPDATE, across drivers. */
export function changedRowsOf(db: Knex, result: unknown): number {
  if (dbClientOf(db) === 'mysql') return Number((result as [{ affectedRows: number }])[0].affectedRows);
  return Number((result as { changes?: number }).changes ?? 0);
}
