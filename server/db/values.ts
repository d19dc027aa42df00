/**
 * Row values come back differently from the two drivers: mysql2 gives Date and 0/1 for
 * DATETIME/TINYINT, better-sqlite3 gives epoch milliseconds (knex binds a Date as its
 * valueOf()) and 0/1. These helpers are the one place that evens that out.
 */
export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value);
  if (typeof value === 'bigint') return new Date(Number(value));
  if (typeof value === 'string') {
    if (/^\d+$/.test(value)) return new Date(Number(value));
    // 'YYYY-MM-DD HH:MM:SS' from a raw MySQL string is UTC by our storage rule.
    return new Date(value.includes('T') ? value : value.replace(' ', 'T') + 'Z');
  }
  throw new Error(`not a date value: ${typeof value}`);
}

export function toIso(value: unknown): string | null {
  const date = toDate(value);
  return date ? date.toISOString() : null;
}

export function toBool(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 1n;
}

/** COUNT/SUM come back as string (DECIMAL) or bigint depending on driver and version. */
export function toNum(value: unknown): number {
  if (value === null || value === undefined) return 0;
  return Number(value);
}
