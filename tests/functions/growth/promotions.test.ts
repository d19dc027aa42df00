import { createHarness, type Harness } from '../../support/harness';
import { insertArticle, insertColumn } from '../../support/fixtures';
import { testDbClient } from '../../support/test-db';
import { buy, count, owner } from './growth-support';

/** Limited-time prices: one window per item, shown on cards while live, charged as the order's original price. */
describe(`limited-time prices (${testDbClient()})`, () => {
  let h: Harness;
  let bearer: string;
  let column: number;
  let article: number;
  const at = (hours: number) => new Date(Date.parse('2026-06-01T02:00:00.000Z') + hours * 3600_000).toISOString();

  beforeAll(async () => {
    h = await createHarness({ poolMax: 10 });
    const now = h.clock.now();
    column = await insertColumn(h.db, now, { title: '限时专栏', price_fen: 9900 });
    article = await insertArticle(h.db, now, column, { title: '限时单篇', price_fen: 990 });
    bearer = await owner(h);
  });
  afterAll(() => h.close());

  it('a live promotion shows on cards with its end, and order.create charges it as the original price (coupons apply after it)', async () => {
    const promo = await h.ok(
      'admin',
      'promotion.create',
      { itemType: 'column', itemId: column, priceFen: 4900, startsAt: at(-1), endsAt: at(24) },
      { bearer },
    );
    expect(promo).toMatchObject({
      id: expect.any(Number),
      itemType: 'column',
      itemId: column,
      priceFen: 4900,
      status: 'active',
      live: true,
    });
    const home = await h.ok('catalog', 'home', {});
    const card = home.columns.find((c: any) => c.id === column);
    expect(card).toMatchObject({ priceFen: 9900, promoPriceFen: 4900, promoEndsAt: at(24) });
    const detail = await h.ok('catalog', 'column', { columnId: column });
    expect(detail.column.promoPriceFen).toBe(4900);
    // The article has no promotion: its card carries none.
    const articleCard = detail.chapters.flatMap((c: any) => c.articles).find((a: any) => a.id === article);
    expect(articleCard.promoPriceFen).toBeUndefined();

    const coupon = await h.ok(
      'admin',
      'coupon.create',
      { title: '减10元', discount: { type: 'amount', amountFen: 1000 }, stock: 5, perUserLimit: 1 },
      { bearer },
    );
    const uc = await h.ok('coupon', 'claim', { couponId: coupon.id }, { openid: 'promo-buyer' });
    const order = await buy(h, 'promo-buyer', { itemType: 'column', itemId: column, userCouponId: uc.id });
    expect(order).toMatchObject({ originalFen: 4900, discountFen: 1000, amountFen: 3900, status: 'paid' });
  });

  it('overlapping promotions for one item are refused (CONFLICT), also when created concurrently; other items are independent', async () => {
    await h.fails(
      'CONFLICT',
      'admin',
      'promotion.create',
      { itemType: 'column', itemId: column, priceFen: 5900, startsAt: at(10), endsAt: at(48) },
      { bearer },
    );
    const racers = await Promise.all(
      [0, 1, 2, 3].map(() =>
        h.call(
          'admin',
          'promotion.create',
          { itemType: 'article', itemId: article, priceFen: 500, startsAt: at(1), endsAt: at(5) },
          { bearer },
        ),
      ),
    );
    expect(racers.filter((r) => r.ok)).toHaveLength(1);
    expect(racers.filter((r) => !r.ok).every((r) => (r as any).error.code === 'CONFLICT')).toBe(true);
    expect(await count(h, 'promotions', { item_type: 'article', item_id: article })).toBe(1);
    // Back to back (ends_at exclusive) is not an overlap.
    await h.ok(
      'admin',
      'promotion.create',
      { itemType: 'article', itemId: article, priceFen: 600, startsAt: at(5), endsAt: at(6) },
      { bearer },
    );
  });

  it('bad promotions change nothing: price not below list, window backwards or past, unknown or unsold item', async () => {
    const before = await count(h, 'promotions');
    await h.fails(
      'INVALID_INPUT',
      'admin',
      'promotion.create',
      { itemType: 'column', itemId: column, priceFen: 9900, startsAt: at(100), endsAt: at(101) },
      { bearer },
    );
    await h.fails(
      'INVALID_INPUT',
      'admin',
      'promotion.create',
      { itemType: 'column', itemId: column, priceFen: 100, startsAt: at(101), endsAt: at(100) },
      { bearer },
    );
    await h.fails(
      'INVALID_INPUT',
      'admin',
      'promotion.create',
      { itemType: 'column', itemId: column, priceFen: 100, startsAt: at(-10), endsAt: at(-5) },
      { bearer },
    );
    await h.fails(
      'INVALID_INPUT',
      'admin',
      'promotion.create',
      { itemType: 'column', itemId: column, priceFen: 0, startsAt: at(100), endsAt: at(101) },
      { bearer },
    );
    await h.fails(
      'NOT_FOUND',
      'admin',
      'promotion.create',
      { itemType: 'column', itemId: 99999, priceFen: 100, startsAt: at(100), endsAt: at(101) },
      { bearer },
    );
    expect(await count(h, 'promotions')).toBe(before);
  });

  it('stop ends the price at once; after the window the card and the order return to the list price', async () => {
    const list = await h.ok('admin', 'promotion.list', {}, { bearer });
    const live = list.items.find((p: any) => p.itemType === 'column' && p.live);
    await h.ok('admin', 'promotion.stop', { id: live.id }, { bearer });
    const home = await h.ok('catalog', 'home', {});
    expect(home.columns.find((c: any) => c.id === column).promoPriceFen).toBeUndefined();
    const order = await h.ok('order', 'create', { itemType: 'column', itemId: column }, { openid: 'after-promo' });
    expect(order).toMatchObject({ originalFen: 9900, discountFen: 0, amountFen: 9900 });

    h.clock.advance(2 * 3600_000); // the article's 1h–5h promotion is live now
    const art = await h.ok('order', 'create', { itemType: 'article', itemId: article }, { openid: 'after-promo' });
    expect(art).toMatchObject({ originalFen: 500, amountFen: 500 });
    h.clock.advance(10 * 3600_000);
    const later = await h.ok('order', 'create', { itemType: 'article', itemId: article }, { openid: 'late-buyer' });
    expect(later).toMatchObject({ originalFen: 990, amountFen: 990 });
  });
});
