import type { Knex } from 'knex';
import { toIso, toNum } from '../../db/values';
import type { ItemType } from '../catalog/items';

export interface LivePromotion {
  id: number;
  itemType: ItemType;
  itemId: number;
  priceFen: number;
  endsAt: string;
}

/** Live = active, started, not yet ended (ends_at is exclusive). */
const live = (q: Knex.QueryBuilder, now: Date) => q.where('status', 'active').where('starts_at', '<=', now).where('ends_at', '>', now);

const toLive = (r: Record<string, any>): LivePromotion => ({
  id: Number(r.id),
  itemType: r.item_type,
  itemId: Number(r.item_id),
  priceFen: toNum(r.price_fen),
  endsAt: toIso(r.ends_at)!,
});

/** The limited-time price running for one item now, if any (overlaps are refused on create, so at most one). */
export async function livePromotion(
  db: Knex | Knex.Transaction,
  now: Date,
  itemType: ItemType,
  itemId: number,
): Promise<LivePromotion | null> {
  const row = await live(db('promotions').where({ item_type: itemType, item_id: itemId }), now)
    .orderBy('id', 'desc')
    .first('id', 'item_type', 'item_id', 'price_fen', 'ends_at');
  return row ? toLive(row) : null;
}

/** Live promotions of many items of one type, one query (catalog cards). */
export async function livePromotions(db: Knex, now: Date, itemType: ItemType, itemIds: number[]): Promise<Map<number, LivePromotion>> {
  const out = new Map<number, LivePromotion>();
  if (!itemIds.length) return out;
  const rows = await live(
    db('promotions')
      .where('item_type', itemType)
      .whereIn('item_id', [...new Set(itemIds)]),
    now,
  )
    .orderBy('id', 'asc')
    .select('id', 'item_type', 'item_id', 'price_fen', 'ends_at');
  for (const r of rows) out.set(Number(r.item_id), toLive(r));
  return out;
}
