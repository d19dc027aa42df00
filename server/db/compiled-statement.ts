import type { Knex } from 'knex';
import { dbClientOf } from './dialect';

type Param = string | number | Date;

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
      const slots = (Object.keys(sentinels) as Array<keyof P>).map(
        (key) => [key, bindings.flatMap((b, i) => (same(b, sentinels[key]) ? [i] : []))] as [keyof P, number[]],
      );
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

/** Rows of a raw SELECT, evened out across drivers (mysql2 answers [rows, fields]). */
export function rowsOf(db: Knex, result: unknown): Array<Record<string, unknown>> {
  return (dbClientOf(db) === 'mysql' ? (result as [Array<Record<string, unknown>>])[0] : result) as Array<Record<string, unknown>>;
}

/** Rows changed (matched) by a raw UPDATE, across drivers. */
export function changedRowsOf(db: Knex, result: unknown): number {
  if (dbClientOf(db) === 'mysql') return Number((result as [{ affectedRows: number }])[0].affectedRows);
  return Number((result as { changes?: number }).changes ?? 0);
}
