import type { Knex } from 'knex';
import { dbClientOf } from './connection';

/**
 * `GREATEST(column, value)` as each database spells it: MySQL/MariaDB have GREATEST, SQLite's
 * two-argument MAX is the scalar maximum. In an upsert's update part the bare column is the
 * row's current value on both (ON DUPLICATE KEY UPDATE / ON CONFLICT DO UPDATE).
 */
export function greatest(db: Knex, column: string, value: number): Knex.Raw {
  return dbClientOf(db) === 'mysql' ? db.raw('GREATEST(??, ?)', [column, value]) : db.raw('MAX(??, ?)', [column, value]);
}
