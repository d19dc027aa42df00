import { AppError } from './errors';

/**
 * Keyset paging cursors: the last row's sort key, base64url-encoded JSON. Opaque to clients,
 * but not secret — every query re-applies the caller's visibility filter.
 */
export function encodeCursor(key: Array<string | number>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, arity: number): Array<string | number> | null {
  if (cursor === undefined) return null;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === arity && key.every((k) => typeof k === 'number' || typeof k === 'string')) {
      return key;
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('INVALID_INPUT', '分页参数无效', [{ field: 'cursor', message: '无效的分页游标' }]);
}
