import type { Knex } from 'knex';

export type DbClient = 'mysql' | 'sqlite';

/**
 * Which database a knex instance talks to — for the few statements that must be spelled per
 * dialect. Lives here, not in connection.ts, so query code does not import knex's runtime.
 */
export function dbClientOf(db: Knex): DbClient {
  // The dialect's name, not `config.client`: the serving client is a class (db/connection.ts).
  return String((db.client as { dialect?: string }).dialect).startsWith('mysql') ? 'mysql' : 'sqlite';
}

/**
 * `GREATEST(column, value)` as each database spells it: MySQL/MariaDB have GREATEST, SQLite's
 * two-argument MAX is the scalar maximum. In an upsert's update part the bare column is the
 * row's current value on both (ON DUPLICATE KEY UPDATE / ON CONFLICT DO UPDATE).
 */
export function greatest(db: Knex, column: string, value: number): Knex.Raw {
  return dbClientOf(db) === 'mysql' ? db.raw('GREATEST(??, ?)', [column, value]) : db.raw('MAX(??, ?)', [column, value]);
}
