/**
 * The columns a partial update sets: each field the input names (not `undefined`) under its
 * column name — so "not sent" leaves a column alone while `null` clears it.
 */
export function rowPatch<I extends object>(input: Partial<I>, columns: { [K in keyof I]?: string }): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(columns) as Array<[keyof I, string]>) {
    const value = input[field];
    if (value !== undefined) row[column] = value;
  }
  return row;
}
