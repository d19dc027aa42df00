import { expectToShow, openLoaded, openOffline } from '../support/checks';
import { createMpApp, type MpApp } from '../support/mp';
import { articleId, columnId, grantColumn } from '../support/seed';

/**
 * The learner's own pages: profile via the 头像昵称填写 components, membership status, study
 * stats with a chart, continue-learning, purchases, favorites, and the membership shop.
 */
describe('my pages', () => {
  let app: MpApp;
  let learning: number;
  let forgetting: number;
  const as = { openid: 'my-learner' };

  beforeAll(async () => {
    app = await createMpApp({ openid: 'my-learner' });
    learning = await columnId(app.h.db, '高效学习的科学');
    forgetting = await articleId(app.h.db, '遗忘曲线：记忆衰减的规律');
  });
  afterAll(() => app.close());
  afterEach(() => {
    app.fake.online = true;
    app.mp('config/index').setConfig({ mode: 'cloud' });
  });

  it('a new learner sees an empty but friendly page', async () => {
    const my = await openLoaded(app, '/pages/my/index/index');
    expectToShow(my, '开通会员', '还没有开始学习', '暂无已购内容');
  });

  it('shows purchases, continue-learning and a study chart once the learner has studied', async () => {
    await grantColumn(app.h.db, 'my-learner', learning);
    await app.h.ok('progress', 'report', { articleId: forgetting, percent: 20, positionSec: 4 }, as);
    app.h.clock.advanceSec(60);
    await app.h.ok('progress', 'report', { articleId: forgetting, percent: 60, positionSec: 12 }, as);

    const my = await app.open('/pages/my/index/index');
    expectToShow(my, '高效学习的科学', '永久', '遗忘曲线', '60%', '连续学习');
    expect(my.page.data.stats.daily.length).toBe(7);
    expect(my.count('bar')).toBe(7);

    await my.tap('.recent');
    expect(app.lastRoute()).toBe(`/pages/reader/article/index?id=${forgetting}`);
    await my.tap('.purchase');
    expect(app.lastRoute()).toBe(`/pages/column/detail/index?id=${learning}`);
  });

  it('saves the nickname typed into the nickname input', async () => {
    const my = await app.open('/pages/my/index/index');
    await my.page.onNickname({ detail: { value: '  认真学习的小王  ' } });
    await app.settle();
    expect((await app.h.ok('user', 'me', {}, as)).nickname).toBe('认真学习的小王');
    expect(my.page.data.nickname).toBe('认真学习的小王');
    expect(app.fake.toasts.at(-1)).toBe('昵称已更新');
  });

  it('the chosen avatar uploads to cloud storage in cloud mode and stays on the device in local mode', async () => {
    const my = await app.open('/pages/my/index/index');
    await my.page.onChooseAvatar({ detail: { avatarUrl: 'wxfile://tmp_avatar.jpg' } });
    await app.settle();
    expect(my.page.data.avatarUrl).toBeTruthy();
    expect(app.fake.toasts.at(-1)).toMatch(/头像/);

    app.mp('config/index').setConfig({ mode: 'local' });
    await my.page.onChooseAvatar({ detail: { avatarUrl: 'http://tmp/avatar2.png' } });
    expect(my.page.data.avatarUrl).toBe('http://tmp/avatar2.png');
    expect(app.fake.toasts.at(-1)).toBe('本地模式：头像仅在本机显示');
  });

  it('links to orders, favorites and the redeem code page', async () => {
    const my = await app.open('/pages/my/index/index');
    await my.tap('.menu-item', 0);
    expect(app.lastRoute()).toBe('/pages/account/orders/index');
    await my.tap('.menu-item', 1);
    expect(app.lastRoute()).toBe('/pages/account/favorites/index');
    await my.tap('.menu-item', 2);
    expect(app.lastRoute()).toBe('/pages/account/redeem/index');
  });

  it('favorites lists favorited articles', async () => {
    await app.h.ok('user', 'favorite', { articleId: forgetting, favorited: true }, as);
    const page = await openLoaded(app, '/pages/account/favorites/index');
    expectToShow(page, '遗忘曲线');
  });

  it('a network failure shows the error state', async () => {
    await openOffline(app, '/pages/my/index/index');
  });

  describe('membership page', () => {
    it('lists the plans from catalog.plans with the best value selected, and joins through checkout', async () => {
      const page = await openLoaded(app, '/pages/membership/index/index');
      expectToShow(page, '月度会员', '年度会员', '¥198');
      const plans = page.page.data.plans;
      expect(plans[page.page.data.selected].name).toBe('年度会员');
      await page.tap('.plan', 0);
      await page.tap('.join');
      expect(app.lastRoute()).toBe(`/pages/order/confirm/index?itemType=membership&itemId=${plans[0].id}`);
    });

    it('on iOS hides the plans and offers the redeem code instead', async () => {
      app.fake.platform = 'ios';
      app.mp('services/platform').resetPolicyCache();
      try {
        const page = await app.open('/pages/membership/index/index');
        expect(page.text()).not.toMatch(/¥\d/);
        expect(page.count('join')).toBe(0);
        await page.tap('.redeem');
        expect(app.lastRoute()).toBe('/pages/account/redeem/index');
      } finally {
        app.fake.platform = 'android';
        app.mp('services/platform').resetPolicyCache();
      }
    });
  });
});
