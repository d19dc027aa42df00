/**
 * The one price rule (DESIGN.md "Price"): list price → live limited-time price → coupon → floor.
 * Pure: the orders domain gathers the inputs from the database and snapshots the result on the
 * order. Virtual payment (小程序虚拟支付) passes `floorFen` — the 道具 allows no price below 40 %
 * of its goodsPrice — and the floor wins over the coupon, never over the original price.
 */

export type Discount = { type: 'amount'; amountFen: number } | { type: 'percent'; percentOff: number };

export interface PriceInput {
  /** The item's own price (column, article sold alone, plan). */
  listFen: number;
  /** A live limited-time price, if any; it replaces the list price as the original price. */
  promoFen?: number | null;
  /** The coupon applied, if any (its applicability is the coupons domain's question). */
  coupon?: { discount: Discount; minSpendFen: number } | null;
  /** The lowest amount the payment path accepts; 1 fen unless the path asks for more. */
  floorFen?: number;
}

export interface Price {
  originalFen: number;
  discountFen: number;
  amountFen: number;
}

/** Never below 1 fen: WeChat Pay refuses a zero-amount trade. */
export const MIN_AMOUNT_FEN = 1;

/** What a discount takes off `originalFen` before the floor: percent rounds down (in the learner's favour by less than a fen). */
export function discountOff(discount: Discount, originalFen: number): number {
  if (discount.type === 'amount') return Math.max(0, Math.min(discount.amountFen, originalFen));
  return Math.floor((originalFen * discount.percentOff) / 100);
}

/** Whether `originalFen` reaches the coupon's minimum spend (compared with the price after the promotion). */
export const meetsMinSpend = (minSpendFen: number, originalFen: number) => originalFen >= minSpendFen;

/** The base price an order starts from: the live promotion's, else the list price. */
export const originalPrice = (listFen: number, promoFen?: number | null) =>
  promoFen !== null && promoFen !== undefined ? promoFen : listFen;

export function priceOrder(input: PriceInput): Price {
  const originalFen = originalPrice(input.listFen, input.promoFen);
  const floor = Math.min(originalFen, Math.max(MIN_AMOUNT_FEN, input.floorFen ?? MIN_AMOUNT_FEN));
  let amountFen = originalFen;
  if (input.coupon && meetsMinSpend(input.coupon.minSpendFen, originalFen)) {
    amountFen = originalFen - discountOff(input.coupon.discount, originalFen);
  }
  amountFen = Math.max(amountFen, floor);
  return { originalFen, discountFen: originalFen - amountFen, amountFen };
}
