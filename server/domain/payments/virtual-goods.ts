import type { Knex } from 'knex';
import { toNum } from '../../db/values';
import { AppError } from '../../runtime/errors';
import { ITEM_TABLES, type ItemType } from '../catalog/items';

/**
 * 小程序虚拟支付 sells only pre-registered 道具 (virtual goods): each priced item — an article sold
 * alone, a column, a membership plan — is one 道具 with a `productId` and a fixed price in fen
 * registered on the platform (MP → 虚拟支付 → 道具管理). docs/wechat-virtual-payment.md.
 *
 * The id is stored in `<table>.product_id` when staff set one in the CMS; otherwise it is derived
 * from the item, stably (`col_12`), so an item never needs a write to be sellable and the id the
 * CMS lists is the one prepay signs.
 */
export const PRODUCT_PREFIX: Record<ItemType, string> = { article: 'art', column: 'col', membership: 'plan' };

/** The platform's 道具 id rule (start_upload_goods): 1–64 of letters, digits, '_' and '-'. */
export const PRODUCT_ID_PATTERN = /^[0-9A-Za-z_-]{1,64}$/;

export const defaultProductId = (itemType: ItemType, itemId: number) => `${PRODUCT_PREFIX[itemType]}_${itemId}`;

/** The 道具 id of an item: the stored one, or the stable default. */
export const productIdOf = (itemType: ItemType, itemId: number, stored: string | null | undefined) =>
  stored ? stored : defaultProductId(itemType, itemId);

/** Checks an id staff typed into the CMS (null / '' = back to the default). */
export function normaliseProductId(value: string | null | undefined): string | null {
  if (value === undefined || value === null || value.trim() === '') return null;
  const id = value.trim();
  if (!PRODUCT_ID_PATTERN.test(id)) throw new AppError('INVALID_INPUT', '道具 ID 只能包含字母、数字、下划线和短横线，最长 64 位');
  return id;
}

export interface VirtualGood {
  productId: string;
  /** The item's list price, which must equal the 道具's registered price. */
  priceFen: number;
}

/** The 道具 behind an item, read from its table (NOT_FOUND when the item is gone). */
export async function virtualGoodOf(db: Knex, itemType: ItemType, itemId: number): Promise<VirtualGood> {
  const row = await db(ITEM_TABLES[itemType].table).where('id', itemId).first('product_id', 'price_fen');
  if (!row) throw new AppError('NOT_FOUND', '商品不存在');
  return { productId: productIdOf(itemType, itemId, row.product_id), priceFen: toNum(row.price_fen ?? 0) };
}

/** The platform refuses a discount (activitySellingPrice) below 40% of the 道具 price. */
export const MIN_ACTIVITY_PRICE_PERCENT = 40;

/**
 * What an order may be charged through virtual payment, the one rule for it: the list price
 * (= the 道具 price, goodsPrice) or a discounted price (activitySellingPrice) of at least 40% of
 * it. Order pricing (coupons, promotions) calls this before an xpay order is signed.
 */
export function virtualPriceOf(listPriceFen: number, amountFen: number): { goodsPrice: number; activitySellingPrice?: number } {
  if (amountFen === listPriceFen) return { goodsPrice: amountFen };
  if (amountFen > listPriceFen) throw new AppError('ORDER_NOT_PAYABLE', '价格已变更，请重新下单');
  if (amountFen * 100 < listPriceFen * MIN_ACTIVITY_PRICE_PERCENT) {
    throw new AppError('NOT_FOR_SALE', '优惠后价格低于道具价格的 40%，虚拟支付不支持该优惠');
  }
  return { goodsPrice: listPriceFen, activitySellingPrice: amountFen };
}

/** iOS virtual payment goes through Apple, which takes nothing below ¥1. */
export const IOS_MIN_PRICE_FEN = 100;

const DEFAULT_ID = /^(art|col|plan)_(\d+)$/;
const PREFIX_TYPE: Record<string, ItemType> = { art: 'article', col: 'column', plan: 'membership' };

/**
 * One 道具 pays for one item: a productId staff set must not be another item's — stored, or the
 * default another item still uses (`col_7` while column 7 has no id of its own). CONFLICT otherwise.
 */
export async function assertProductIdFree(
  db: Knex | Knex.Transaction,
  productId: string,
  self: { itemType: ItemType; itemId: number } | null,
): Promise<void> {
  const taken = new AppError('CONFLICT', `道具 ID ${productId} 已被其他商品使用`);
  for (const itemType of Object.keys(ITEM_TABLES) as ItemType[]) {
    const rows: Array<{ id: number }> = await db(ITEM_TABLES[itemType].table).where('product_id', productId).select('id');
    if (rows.some((r) => !(self && self.itemType === itemType && Number(r.id) === self.itemId))) throw taken;
  }
  const m = DEFAULT_ID.exec(productId);
  if (m) {
    const itemType = PREFIX_TYPE[m[1]];
    const itemId = Number(m[2]);
    if (self && self.itemType === itemType && self.itemId === itemId) return;
    const other = await db(ITEM_TABLES[itemType].table).where('id', itemId).first('product_id');
    if (other && !other.product_id) throw taken;
  }
}

/**
 * The `product_id` column a CMS create/update writes: nothing when the field was not sent, null
 * (back to the default) for '' / null, else the checked id.
 */
export async function productIdPatch(
  db: Knex | Knex.Transaction,
  value: string | null | undefined,
  self: { itemType: ItemType; itemId: number } | null,
): Promise<{ product_id?: string | null }> {
  if (value === undefined) return {};
  const id = normaliseProductId(value);
  if (id) await assertProductIdFree(db, id, self);
  return { product_id: id };
}

/**
 * A 道具's price is fixed on the platform (wx.requestVirtualPayment fails with -15013 when
 * goodsPrice differs), so changing an item's price in the CMS must be repeated there. Null when
 * the price did not change.
 */
export function priceChangeNotice(productId: string, beforeFen: number | null, afterFen: number | null): string | null {
  if (beforeFen === afterFen || afterFen === null || afterFen <= 0) return null;
  return `价格已改为 ¥${(afterFen / 100).toFixed(2)}：请到小程序后台「虚拟支付 → 道具管理」把道具 ${productId} 的价格同步修改为 ${afterFen} 分，否则虚拟支付会因价格不一致而失败。`;
}
