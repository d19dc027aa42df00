import { createHarness, type Harness } from '../../support/harness';
import { insertArticle, insertColumn } from '../../support/fixtures';
import { testDbClient } from '../../support/test-db';
import { adminToken } from './admin-support';

/**
 * The 道具 catalogue (小程序虚拟支付): every priced item has a stable productId (`col_<id>`…),
 * editable in the CMS and unique across items; the list says what to register on the platform, the
 * CSV has start_upload_goods' fields, a price change tells staff to change the 道具 too, and prepay
 * signs the id staff set.
 */
describe(`admin virtual goods (${testDbClient()})`, () => {
  let h: Harness;
  let owner: { bearer: string };
  let column: number;
  let other: number;
  let article: number;

  beforeAll(async () => {
    h = await createHarness({ payProvider: 'xpay-sandbox' });
    const now = h.clock.now();
    column = await insertColumn(h.db, now, {
      title: '一个很长很长很长很长很长很长的专栏标题用来截断',
      price_fen: 9900,
      cover: 'https://example.com/c.png',
    });
    other = await insertColumn(h.db, now, { title: '另一个专栏', price_fen: 50 });
    article = await insertArticle(h.db, now, column, { price_fen: 990 });
    await insertArticle(h.db, now, column, { price_fen: null, title: '不单卖' });
    owner = { bearer: await adminToken(h, 'goods-owner', 'owner') };
  });
  afterAll(() => h.close());

  it('get returns the stable default productId; update sets, checks and clears it', async () => {
    expect((await h.ok('admin', 'column.get', { id: column }, owner)).column.productId).toBe(`col_${column}`);
    expect((await h.ok('admin', 'article.get', { id: article }, owner)).productId).toBe(`art_${article}`);
    const plan = await h.ok('admin', 'plan.create', { name: '年度会员', durationDays: 365, priceFen: 19900, productId: 'vip_year' }, owner);
    expect(plan.productId).toBe('vip_year');
    expect((await h.ok('admin', 'plan.get', { id: plan.id }, owner)).productId).toBe('vip_year');

    expect((await h.ok('admin', 'column.update', { id: column, productId: 'course_ai' }, owner)).productId).toBe('course_ai');
    await h.fails('CONFLICT', 'admin', 'article.update', { id: article, productId: 'course_ai' }, owner);
    await h.fails('CONFLICT', 'admin', 'article.update', { id: article, productId: `col_${other}` }, owner); // another item's default
    await h.fails('CONFLICT', 'admin', 'column.create', { title: 'x', priceFen: 100, memberIncluded: false, productId: 'vip_year' }, owner);
    await h.fails('INVALID_INPUT', 'admin', 'column.update', { id: column, productId: '中文 id' }, owner);
    await h.fails('INVALID_INPUT', 'admin', 'column.update', { id: column, productId: 'x'.repeat(65) }, owner);
    expect((await h.db('columns').where('id', column).first('product_id')).product_id).toBe('course_ai');
    // its own default is fine, and '' goes back to the default
    expect((await h.ok('admin', 'article.update', { id: article, productId: `art_${article}` }, owner)).productId).toBe(`art_${article}`);
    expect((await h.ok('admin', 'article.update', { id: article, productId: '' }, owner)).productId).toBe(`art_${article}`);
    expect((await h.db('articles').where('id', article).first('product_id')).product_id).toBeNull();
  });

  it('a price change warns that the 道具 must change too; other edits do not', async () => {
    const changed = await h.ok('admin', 'column.update', { id: column, priceFen: 12900 }, owner);
    expect(changed.virtualGoodsNotice).toContain('course_ai');
    expect(changed.virtualGoodsNotice).toContain('12900');
    expect((await h.ok('admin', 'column.update', { id: column, subtitle: '新副标题' }, owner)).virtualGoodsNotice).toBeUndefined();
    expect((await h.ok('admin', 'article.update', { id: article, priceFen: 1990 }, owner)).virtualGoodsNotice).toContain(`art_${article}`);
  });

  it('virtualGoods.list and the CSV export list every priced item with what to register', async () => {
    const { items } = await h.ok('admin', 'virtualGoods.list', {}, owner);
    expect(items.map((i: any) => i.productId)).toEqual(['course_ai', `col_${other}`, `art_${article}`, 'vip_year']);
    const first = items[0];
    expect(first).toMatchObject({ itemType: 'column', itemId: column, priceFen: 12900, iosEligible: true });
    expect(first.register).toEqual({
      id: 'course_ai',
      name: [...first.title].slice(0, 20).join(''),
      price: 12900,
      remark: `专栏：${first.title}`,
      item_url: 'https://example.com/c.png',
    });
    expect(items[1].iosEligible).toBe(false); // ¥0.50 is below Apple's ¥1
    const { filename, csv } = await h.ok('admin', 'virtualGoods.export', {}, owner);
    expect(filename).toBe('virtual-goods.csv');
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('id,name,price,remark,item_url');
    expect(lines).toHaveLength(5);
    expect(lines[1].startsWith('course_ai,')).toBe(true);
    const support = { bearer: await adminToken(h, 'goods-support', 'support') };
    await h.fails('FORBIDDEN', 'admin', 'virtualGoods.list', {}, support);
  });

  it('prepay signs the productId staff set, and refuses a discount below 40% of the 道具 price', async () => {
    const order = await h.ok('order', 'create', { itemType: 'column', itemId: column }, { openid: 'goods-buyer' });
    const prepaid = await h.ok('pay', 'prepay', { orderNo: order.orderNo }, { openid: 'goods-buyer' });
    expect(JSON.parse(prepaid.payment.signData)).toMatchObject({ productId: 'course_ai', goodsPrice: 12900 });
    // an order priced at 30% of the item (as a coupon might): virtual payment cannot take it
    const cheap = await h.ok('order', 'create', { itemType: 'article', itemId: article }, { openid: 'goods-buyer' });
    await h.db('orders').where('order_no', cheap.orderNo).update({ amount_fen: 500 });
    await h.fails('NOT_FOR_SALE', 'pay', 'prepay', { orderNo: cheap.orderNo }, { openid: 'goods-buyer' });
    await h.db('orders').where('order_no', cheap.orderNo).update({ amount_fen: 1000 });
    const discounted = await h.ok('pay', 'prepay', { orderNo: cheap.orderNo }, { openid: 'goods-buyer' });
    expect(JSON.parse(discounted.payment.signData)).toMatchObject({ goodsPrice: 1990, activitySellingPrice: 1000 });
  });
});
