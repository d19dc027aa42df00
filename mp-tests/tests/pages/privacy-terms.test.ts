import { createMpApp, type MpApp } from '../support/mp';
import { columnId } from '../support/seed';

/**
 * Privacy and terms in the mini program: the privacy popup answers wx.onNeedPrivacyAuthorization
 * through the agreePrivacyAuthorization button; the my page opens the 用户协议 / 隐私政策 /
 * 购买须知 pages (texts from catalog.terms) and 注销 after a confirmation; paying records the
 * purchase-terms version on the order.
 */
describe('privacy, terms and account deletion', () => {
  let app: MpApp;

  beforeAll(async () => {
    app = await createMpApp({ openid: 'privacy-learner' });
  });
  afterAll(() => app.close());

  it('a guarded API before agreement shows the popup; agree resolves with the agree button, disagree fails it', async () => {
    const my = await app.open('/pages/my/index/index');
    expect(app.fake.privacyListener).toBeTruthy();
    expect(my.count('sheet')).toBe(0);
    // chooseAvatar before the learner agreed: the platform asks the page
    const answers: any[] = [];
    app.fake.privacyListener!((r) => answers.push(r));
    await app.settle();
    expect(my.text()).toContain('隐私保护提示');
    expect(my.text()).toContain('《知识付费小程序隐私保护指引》');
    // WeChat fires agreeprivacyauthorization (not tap) when the open-type button is pressed
    my.$('.privacy-popup >>> .agree').dispatchEvent('agreeprivacyauthorization');
    await app.settle();
    expect(answers).toEqual([{ event: 'exposureAuthorization' }, { event: 'agree', buttonId: 'agree-btn' }]);
    expect(my.count('sheet')).toBe(0);

    app.fake.privacyListener!((r) => answers.push(r));
    await app.settle();
    await my.tap('.privacy-popup >>> .disagree');
    expect(answers.at(-1)).toEqual({ event: 'disagree' });
  });

  it('the my page opens the terms pages, which show the CMS text and its version', async () => {
    const my = await app.open('/pages/my/index/index');
    await my.tap('.terms-privacy'); // 隐私政策
    expect(app.lastRoute()).toBe('/pages/my/terms/index?kind=privacyPolicy');
    const terms = await app.open(app.lastRoute());
    expect(terms.text()).toContain('隐私政策');
    expect(terms.text()).toContain('注销账号');
    // The built-in text is not a version a learner needs to see ("版本 default").
    expect(terms.page.data.version).toBe('');
    expect(terms.text()).not.toContain('版本');
  });

  it('a text the creator saved shows its version', async () => {
    const now = new Date();
    await app.h
      .db('settings')
      .insert({ key: 'terms_privacyPolicy', value_json: JSON.stringify({ version: 'v3', text: '隐私政策（第三版）' }), updated_at: now })
      .onConflict('key')
      .merge();
    const terms = await app.open('/pages/my/terms/index?kind=privacyPolicy');
    expect(terms.text()).toContain('版本 v3');
    expect(terms.text()).toContain('隐私政策（第三版）');
    await app.h.db('settings').where('key', 'terms_privacyPolicy').delete();
  });

  it('paying records the purchase-terms version shown next to the pay button', async () => {
    const column = await columnId(app.h.db, '手机摄影入门');
    const confirm = await app.open(`/pages/order/confirm/index?itemType=column&itemId=${column}`);
    expect(confirm.text()).toContain('不适用七天无理由退货');
    await confirm.tap('.pay');
    expect(confirm.page.data.stage).toBe('paid');
    const order = await app.h.db('orders').where('order_no', confirm.page.data.order.orderNo).first('terms_version');
    expect(order.terms_version).toBe('default');
  });

  it('注销 asks first; cancelling keeps the account, confirming deletes it and goes home', async () => {
    const my = await app.open('/pages/my/index/index');
    app.fake.modalAnswer = 'cancel';
    await my.tap('.delete-account');
    expect(app.fake.modals.at(-1)).toMatchObject({ title: '注销账号' });
    expect(await app.h.db('users').where('openid', 'privacy-learner')).toHaveLength(1);
    app.fake.modalAnswer = 'confirm';
    await my.tap('.delete-account');
    await app.settle();
    expect(await app.h.db('users').where('openid', 'privacy-learner')).toHaveLength(0);
    expect(app.fake.navigations.at(-1)).toEqual({ kind: 'reLaunch', url: '/pages/home/index/index' });
    expect(app.fake.toasts).toContain('账号已注销');
  });
});
