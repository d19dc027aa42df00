import { createHarness, type Harness } from '../support/harness';
import { insertArticle, insertColumn } from '../support/fixtures';
import { testDbClient } from '../support/test-db';
import { notify, orderAndPrepay, payAtCashier } from '../support/payments';
import { adminToken } from './admin/admin-support';
import { DEFAULT_TERMS } from '../../server/domain/settings/terms';

/**
 * Terms and 注销: the three texts are served with versions and edited in the CMS (each save a new
 * version); an order records the purchase-terms version accepted at checkout (an outdated one is
 * refused); deleting an account clears personal data and sessions while orders stay, detached.
 */
describe(`terms and account deletion (${testDbClient()})`, () => {
  let h: Harness;
  let column: number;
  let article: number;
  let owner: { bearer: string };

  beforeAll(async () => {
    h = await createHarness();
    column = await insertColumn(h.db, h.clock.now(), { price_fen: 9900 });
    article = await insertArticle(h.db, h.clock.now(), column, { price_fen: 990 });
    owner = { bearer: await adminToken(h, 'terms-owner', 'owner') };
  });
  afterAll(() => h.close());

  it('catalog.terms serves the defaults; terms.set makes a new version; editors may read but not change them', async () => {
    const terms = await h.ok('catalog', 'terms');
    expect(terms.purchaseTerms).toEqual({ version: 'default', text: DEFAULT_TERMS.purchaseTerms });
    expect(terms.purchaseTerms.text).toContain('七天无理由退货');
    expect(await h.ok('admin', 'terms.set', { kind: 'purchaseTerms', text: '购买须知 第一版' }, owner)).toEqual({
      version: 'v1',
      text: '购买须知 第一版',
    });
    expect((await h.ok('admin', 'terms.set', { kind: 'purchaseTerms', text: '购买须知 第二版' }, owner)).version).toBe('v2');
    expect((await h.ok('catalog', 'terms')).purchaseTerms).toEqual({ version: 'v2', text: '购买须知 第二版' });
    const editor = { bearer: await adminToken(h, 'terms-editor', 'editor') };
    expect((await h.ok('admin', 'terms.get', {}, editor)).privacyPolicy.version).toBe('default');
    await h.fails('FORBIDDEN', 'admin', 'terms.set', { kind: 'privacyPolicy', text: 'x' }, editor);
    await h.fails('INVALID_INPUT', 'admin', 'terms.set', { kind: 'cookies', text: 'x' }, owner);
    await h.fails('INVALID_INPUT', 'admin', 'terms.set', { kind: 'privacyPolicy', text: '  ' }, owner);
  });

  it('order.create records the purchase-terms version accepted; an outdated version is refused and creates nothing', async () => {
    const before = await h.db('orders').count('* as n').first();
    await h.fails('CONFLICT', 'order', 'create', { itemType: 'article', itemId: article, termsVersion: 'v1' }, { openid: 'terms-buyer' });
    expect((await h.db('orders').count('* as n').first())!.n).toEqual(before!.n);
    const order = await h.ok('order', 'create', { itemType: 'article', itemId: article, termsVersion: 'v2' }, { openid: 'terms-buyer' });
    expect((await h.db('orders').where('order_no', order.orderNo).first('terms_version')).terms_version).toBe('v2');
  });

  it('注销 needs the confirmation word; then personal data and sessions are gone and orders stay, detached', async () => {
    const openid = 'terms-leaver';
    await h.ok('user', 'login', { code: 'c1' }, { openid });
    await h.ok('user', 'updateProfile', { nickname: '要走的人' }, { openid });
    await h.ok('user', 'favorite', { articleId: article, favorited: true }, { openid });
    const orderNo = await orderAndPrepay(h, openid, 'column', column);
    await notify(h, payAtCashier(h, orderNo));
    const userId = (await h.db('users').where('openid', openid).first('id')).id;

    await h.fails('INVALID_INPUT', 'user', 'deleteAccount', { confirm: 'yes' }, { openid });
    expect(await h.db('users').where('openid', openid)).toHaveLength(1);
    expect(await h.ok('user', 'deleteAccount', { confirm: '注销' }, { openid })).toEqual({ deleted: true });

    const row = await h.db('users').where('id', userId).first();
    expect(row.openid).not.toBe(openid);
    expect(row.openid).toMatch(/^deleted_/);
    expect(row.nickname).toBe('');
    expect(row.deleted_at).not.toBeNull();
    expect(await h.db('user_sessions').where('user_id', userId)).toHaveLength(0);
    expect(await h.db('favorites').where('user_id', userId)).toHaveLength(0);
    const order = await h.db('orders').where('order_no', orderNo).first();
    expect(order).toMatchObject({ status: 'paid', user_id: userId });
    // the admin order detail shows no openid of the person any more
    expect((await h.ok('admin', 'order.get', { orderNo }, owner)).order.openid).toMatch(/^deleted_/);
    // the same WeChat account starts afresh, with nothing of the old one
    expect((await h.ok('catalog', 'column', { columnId: column }, { openid })).owned).toBe(false);
    expect(await h.ok('user', 'deleteAccount', { confirm: '注销' }, { openid: 'never-seen' })).toEqual({ deleted: true });
  });
});
