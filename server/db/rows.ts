import type { Knex } from 'knex';
import { notFound } from '../runtime/errors';

/** The row with this id, or the table's NOT_FOUND message (inside or outside a transaction). */
export async function rowOr404(db: Knex | Knex.Transaction, table: string, id: number, message: string): Promise<Record<string, any>> {
  const row = await db(table).where({ id }).first();
  if (!row) throw notFound(message);
  return row;
}

/** The columns to write for the fields an input sets; fields left undefined keep their value. */
export function rowPatch<K extends string>(input: Partial<Record<K, unknown>>, columns: Record<K, string>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const field of Object.keys(columns) as K[]) if (input[field] !== undefined) row[columns[field]] = input[field];
  return row;
}
