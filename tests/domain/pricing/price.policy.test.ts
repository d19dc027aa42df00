import { discountOff, priceOrder, type PriceInput } from '../../../server/domain/pricing/price.policy';

/** The one price rule, table-driven: list → promotion → coupon → floor of 1 fen (or the path's own floor). */
describe('priceOrder', () => {
  const amount = (amountFen: number, minSpendFen = 0) => ({ discount: { type: 'amount' as const, amountFen }, minSpendFen });
  const percent = (percentOff: number, minSpendFen = 0) => ({ discount: { type: 'percent' as const, percentOff }, minSpendFen });

  it.each<[string, PriceInput, [number, number, number]]>([
    ['list price alone', { listFen: 9900 }, [9900, 0, 9900]],
    ['live promotion replaces the list price', { listFen: 9900, promoFen: 4900 }, [4900, 0, 4900]],
    ['null promotion is no promotion', { listFen: 9900, promoFen: null }, [9900, 0, 9900]],
    ['amount coupon', { listFen: 9900, coupon: amount(1000) }, [9900, 1000, 8900]],
    ['amount coupon after the promotion', { listFen: 9900, promoFen: 4900, coupon: amount(1000) }, [4900, 1000, 3900]],
    ['percent coupon rounds the discount down', { listFen: 999, coupon: percent(15) }, [999, 149, 850]],
    ['coupon bigger than the price stops at 1 fen', { listFen: 500, coupon: amount(800) }, [500, 499, 1]],
    ['coupon equal to the price stops at 1 fen', { listFen: 500, coupon: amount(500) }, [500, 499, 1]],
    ['99 % off a 1-fen price still costs 1 fen', { listFen: 1, coupon: percent(99) }, [1, 0, 1]],
    ['below minimum spend: no discount', { listFen: 4900, coupon: amount(1000, 5000) }, [4900, 0, 4900]],
    ['minimum spend is met by exactly the price', { listFen: 5000, coupon: amount(1000, 5000) }, [5000, 1000, 4000]],
    ['minimum spend is judged after the promotion', { listFen: 9900, promoFen: 4900, coupon: amount(1000, 5000) }, [4900, 0, 4900]],
    ['virtual-payment floor (40 %) wins over the coupon', { listFen: 1000, coupon: percent(90), floorFen: 400 }, [1000, 600, 400]],
    ['a floor above the price never raises it', { listFen: 300, floorFen: 400 }, [300, 0, 300]],
  ])('%s', (_name, input, [originalFen, discountFen, amountFen]) => {
    const price = priceOrder(input);
    expect(price).toEqual({ originalFen, discountFen, amountFen });
    expect(price.amountFen).toBe(price.originalFen - price.discountFen);
    expect(price.amountFen).toBeGreaterThanOrEqual(1);
  });

  it('discountOff never takes more than the price', () => {
    expect(discountOff({ type: 'amount', amountFen: 5000 }, 100)).toBe(100);
    expect(discountOff({ type: 'percent', percentOff: 50 }, 101)).toBe(50);
  });
});
