import type { Knex } from 'knex';
import { notFound } from '../runtime/errors';

/** The row with this id, or the table's NOT_FOUND message (inside or outside a transaction). */
export async function rowOr404(db: Knex | Knex.Transaction, table: string, id: number, message: string): Promise<Record<string, any>> {
  const row = await db(table).where({ id }).first();
  if (!row) throw notFound(message);
  return row;
}
