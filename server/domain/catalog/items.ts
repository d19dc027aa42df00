import type { Knex } from 'knex';
import { AppError } from '../../runtime/errors';

/** What can be sold, redeemed or granted; an entitlement's `scope` and an order's `item_type`. */
export const ITEM_TYPES = ['article', 'column', 'membership'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

/** The table each item type lives in, and the column that names it. */
export const ITEM_TABLES: Record<ItemType, { table: string; title: string }> = {
  article: { table: 'articles', title: 'title' },
  column: { table: 'columns', title: 'title' },
  membership: { table: 'membership_plans', title: 'name' },
};

/** The item, or NOT_FOUND with the caller's wording (`message`). */
export async function assertItemExists(db: Knex | Knex.Transaction, itemType: ItemType, itemId: number, message: string): Promise<void> {
  if (!(await db(ITEM_TABLES[itemType].table).where('id', itemId).first('id'))) throw new AppError('NOT_FOUND', message);
}

/** Titles of many (type, id) pairs — entitlements, redeem batches — one query per item type. Deleted items read '（已删除）'. */
export async function itemTitles(
  db: Knex,
  items: Array<{ itemType: string; itemId: number }>,
): Promise<(itemType: string, itemId: number) => string> {
  const map = new Map<string, string>();
  await Promise.all(
    (Object.keys(ITEM_TABLES) as ItemType[]).map(async (itemType) => {
      const ids = [...new Set(items.filter((i) => i.itemType === itemType).map((i) => i.itemId))];
      if (!ids.length) return;
      const { table, title } = ITEM_TABLES[itemType];
      const rows: Array<{ id: number; title: string }> = await db(table).whereIn('id', ids).select('id', `${title} as title`);
      for (const r of rows) map.set(`${itemType}:${r.id}`, r.title);
    }),
  );
  return (itemType, itemId) => map.get(`${itemType}:${itemId}`) ?? '（已删除）';
}
