import type { Knex } from 'knex';
import { toBool } from '../../db/values';
import { ViewerAccess } from '../access/viewer-access';
import type { ItemType } from './order.model';

export interface Buyer {
  userId: number;
  now: Date;
}

/**
 * Whether the buyer already has access to the article or the whole column, as the access policy
 * decides it (never a second rule here). Memberships are never "owned": buying one renews.
 */
export async function ownsItem(db: Knex | Knex.Transaction, buyer: Buyer, itemType: ItemType, itemId: number): Promise<boolean> {
  if (itemType === 'membership') return false;
  if (itemType === 'column') {
    const column = await db('columns').where('id', itemId).first('member_included');
    if (!column) return false;
    const access = await ViewerAccess.load(db, buyer.userId, buyer.now, { columnIds: [itemId] });
    return access.ownsColumn({ id: itemId, memberIncluded: toBool(column.member_included) });
  }
  const article = await db('articles as a')
    .join('columns as c', 'c.id', 'a.column_id')
    .where('a.id', itemId)
    .first('a.column_id', 'a.is_free', 'c.member_included');
  if (!article) return false;
  const columnId = Number(article.column_id);
  const access = await ViewerAccess.load(db, buyer.userId, buyer.now, { articleIds: [itemId], columnIds: [columnId] });
  return access.decide({ id: itemId, columnId, isFree: toBool(article.is_free), memberIncluded: toBool(article.member_included) }).granted;
}
