import type { Knex } from 'knex';
import { toBool, toNum } from '../../db/values';
import type { ItemType } from '../catalog/items';

/**
 * The list price of an item as the catalog sells it, or null when it is not sold on its own
 * (free, unpriced, zero). Whether the learner may buy it (status, ownership) is the orders
 * domain's check; this is only the number the price rule starts from.
 */
export async function listPriceOf(db: Knex | Knex.Transaction, itemType: ItemType, itemId: number): Promise<number | null> {
  if (itemType === 'membership') {
    const plan = await db('membership_plans').where('id', itemId).first('price_fen');
    return plan && toNum(plan.price_fen) > 0 ? toNum(plan.price_fen) : null;
  }
  if (itemType === 'column') {
    const column = await db('columns').where('id', itemId).first('price_fen');
    return column && toNum(column.price_fen) > 0 ? toNum(column.price_fen) : null;
  }
  const article = await db('articles').where('id', itemId).first('price_fen', 'is_free');
  if (!article || toBool(article.is_free) || article.price_fen === null) return null;
  return toNum(article.price_fen) > 0 ? toNum(article.price_fen) : null;
}
