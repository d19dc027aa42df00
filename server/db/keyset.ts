import type { Knex } from 'knex';
import { toDate } from './values';
import { AppError } from '../runtime/errors';
import { decodeCursor, encodeCursor } from '../runtime/cursor';

/**
 * A decoded cursor's numeric parts. Cursors are opaque but not trusted: a hand-made one with a
 * string where a time or id belongs is INVALID_INPUT, not an invalid date sent to the database.
 */
export function cursorNumbers(parts: ReadonlyArray<string | number>): number[] {
  const numbers = parts.map(Number);
  if (!numbers.every(Number.isFinite))
    throw new AppError('INVALID_INPUT', '分页参数无效', [{ field: 'cursor', message: '无效的分页游标' }]);
  return numbers;
}

/**
 * Newest first by (time, id), keyset-paged: the cursor is the last row's pair, so rows inserted
 * meanwhile never shift a page. `at` and `id` are qualified columns ('o.created_at', 'o.id')
 * whose unqualified names are in the selected rows.
 */
export async function pageNewestFirst<Row extends Record<string, any>>(
  q: Knex.QueryBuilder,
  columns: { at: string; id: string },
  input: { cursor?: string; limit: number },
): Promise<{ page: Row[]; nextCursor: string | null }> {
  const decoded = decodeCursor(input.cursor, 2);
  if (decoded) {
    const [atMs, id] = cursorNumbers(decoded);
    const at = new Date(atMs);
    q.andWhere((w) => w.where(columns.at, '<', at).orWhere((x) => x.where(columns.at, at).andWhere(columns.id, '<', id)));
  }
  const rows: Row[] = await q
    .orderBy([
      { column: columns.at, order: 'desc' },
      { column: columns.id, order: 'desc' },
    ])
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  const key = (col: string) => col.slice(col.lastIndexOf('.') + 1);
  return {
    page,
    nextCursor:
      rows.length > input.limit && last ? encodeCursor([toDate(last[key(columns.at)])!.getTime(), Number(last[key(columns.id)])]) : null,
  };
}
