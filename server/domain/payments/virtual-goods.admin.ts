import type { Knex } from 'knex';
import { toBool, toNum } from '../../db/values';
import type { ItemType } from '../catalog/items';
import { IOS_MIN_PRICE_FEN, productIdOf } from './virtual-goods';

/**
 * The CMS's 道具 catalogue: every priced item (a column, an article sold alone, a membership plan)
 * with the productId prepay signs and what must be registered on the platform for it — in the
 * fields of the platform's 道具 upload (start_upload_goods `upload_item`: id, name ≤ 20 chars,
 * price in fen > 0, remark ≤ 1024, item_url jpg/png), which is also the CSV export's shape.
 */
export interface VirtualGoodRow {
  itemType: ItemType;
  itemId: number;
  title: string;
  status: string;
  productId: string;
  priceFen: number;
  /** False below ¥1: Apple (iOS virtual payment) takes nothing cheaper. */
  iosEligible: boolean;
  register: { id: string; name: string; price: number; remark: string; item_url: string };
}

const NAME_MAX = 20;
const nameOf = (title: string) => [...title].slice(0, NAME_MAX).join('');

export async function listVirtualGoods(db: Knex): Promise<{ items: VirtualGoodRow[] }> {
  const [columns, articles, plans] = await Promise.all([
    db('columns').where('price_fen', '>', 0).orderBy('id').select('id', 'title', 'status', 'price_fen', 'product_id', 'cover'),
    db('articles as a')
      .join('columns as c', 'c.id', 'a.column_id')
      .whereNotNull('a.price_fen')
      .where('a.price_fen', '>', 0)
      .orderBy('a.id')
      .select('a.id', 'a.title', 'a.status', 'a.price_fen', 'a.product_id', 'a.is_free', 'c.cover'),
    db('membership_plans').where('price_fen', '>', 0).orderBy('id').select('id', 'name as title', 'status', 'price_fen', 'product_id'),
  ]);
  const row = (itemType: ItemType, r: Record<string, unknown>, remark: string): VirtualGoodRow => {
    const productId = productIdOf(itemType, Number(r.id), r.product_id as string | null);
    const priceFen = toNum(r.price_fen);
    return {
      itemType,
      itemId: Number(r.id),
      title: String(r.title),
      status: String(r.status),
      productId,
      priceFen,
      iosEligible: priceFen >= IOS_MIN_PRICE_FEN,
      register: {
        id: productId,
        name: nameOf(String(r.title)),
        price: priceFen,
        remark: `${remark}：${r.title}`.slice(0, 1024),
        item_url: String(r.cover ?? ''),
      },
    };
  };
  return {
    items: [
      ...columns.map((r: Record<string, unknown>) => row('column', r, '专栏')),
      ...articles
        .filter((r: Record<string, unknown>) => !toBool(r.is_free))
        .map((r: Record<string, unknown>) => row('article', r, '单篇文章')),
      ...plans.map((r: Record<string, unknown>) => row('membership', r, '会员')),
    ],
  };
}

/** The CSV header: start_upload_goods' upload_item fields, in its order. */
export const VIRTUAL_GOODS_CSV_COLUMNS = ['id', 'name', 'price', 'remark', 'item_url'] as const;
