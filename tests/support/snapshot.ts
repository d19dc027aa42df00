import type { Knex } from 'knex';

/**
 * Every row of the given tables, in a stable order — compare a snapshot taken before a refused
 * call with one taken after to show the call changed nothing.
 */
export async function snapshot(db: Knex, tables: readonly string[]): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of tables) {
    const rows = await db(table).select('*');
    out[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}
