import { AppError } from './errors';

/**
 * Keyset paging cursors: the last row's sort key, base64url-encoded JSON. Opaque to clients,
 * but not secret — every query re-applies the caller's visibility filter.
 *
 * A cursor comes back from the client, so it is validated like any input (issue 14: hand-made cursors reached SQL as
 * NaN dates and answered INTERNAL): every part is a safe integer within the range of a Date's milliseconds (ids,
 * epoch ms, counts, flags), except the positions the caller names as tags (short lowercase words such as a sort tag).
 */
const MAX_CURSOR_CHARS = 512;
const MAX_KEY = 8.64e15; // the largest epoch ms a Date holds; far above any id

export function encodeCursor(key: Array<string | number>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

const invalid = () => new AppError('INVALID_INPUT', '分页参数无效', [{ field: 'cursor', message: '无效的分页游标' }]);

export function decodeCursor(
  cursor: string | undefined,
  arity: number,
  tagPositions: readonly number[] = [],
): Array<string | number> | null {
  if (cursor === undefined) return null;
  if (typeof cursor !== 'string' || cursor.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]*$/.test(cursor)) throw invalid();
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(key) || key.length !== arity) throw invalid();
  const ok = key.every((k, i) =>
    tagPositions.includes(i)
      ? typeof k === 'string' && /^[a-z]{1,16}$/.test(k)
      : typeof k === 'number' && Number.isSafeInteger(k) && Math.abs(k) <= MAX_KEY,
  );
  if (!ok) throw invalid();
  return key as Array<string | number>;
}
