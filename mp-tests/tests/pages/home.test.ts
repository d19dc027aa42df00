import { expectToShow, openLoaded, openOffline } from '../support/checks';
import { createMpApp, type MpApp } from '../support/mp';

/** Home: featured columns and the latest articles, as catalog.home returns them. */
describe('home page', () => {
  let app: MpApp;
  beforeAll(async () => {
    app = await createMpApp({ openid: 'home-learner' });
  });
  afterAll(() => app.close());
  afterEach(() => {
    app.fake.online = true;
    app.fake.platform = 'android';
    app.mp('services/platform').resetPolicyCache();
  });

  it('shows featured columns with price and member tag, and the latest articles with lock icons', async () => {
    const home = await openLoaded(app, '/pages/home/index/index');
    expectToShow(home, '精选专栏', '高效学习的科学', '¥99', '会员免费', '最新文章');
    expect(home.$$('.col-card').length).toBe(home.page.data.columns.length);
    const latest = home.page.data.latest;
    expect(home.$$('.art-item').length).toBe(latest.length);
    // A locked card shows a lock; free ones a 试读 badge.
    expect(home.count('lock')).toBe(latest.filter((a: any) => a.locked).length);
    expectToShow(home, '试读');
    // Cards never carry a body.
    expect(JSON.stringify(home.page.data)).not.toContain('付费正文');
  });

  it('opens a column from its card', async () => {
    const home = await app.open('/pages/home/index/index');
    await home.tap('.col-card >>> .card');
    expect(app.lastRoute()).toBe(`/pages/column/detail/index?id=${home.page.data.columns[0].id}`);
  });

  it('a network failure shows the error state, and retry loads the page', async () => {
    const home = await openOffline(app, '/pages/home/index/index');
    expect(home.count('col-card')).toBe(0);
    await home.tap('.state-view >>> .state-retry');
    expect(home.page.data.status).toBe('ok');
    expect(home.text()).toContain('高效学习的科学');
  });

  it('on iOS, the default server policy hides every price', async () => {
    app.fake.platform = 'ios';
    const home = await app.open('/pages/home/index/index');
    expect(home.page.data.canBuy).toBe(false);
    expect(home.text()).not.toMatch(/¥\d/);
    expect(app.fake.calls.some((c) => c.name === 'catalog' && c.action === 'config')).toBe(true);
  });

  it('on iOS, creators can turn prices back on from the server without a release', async () => {
    await app.h
      .db('settings')
      .insert({ key: 'ios_purchase_policy', value_json: JSON.stringify({ mode: 'show' }), updated_at: app.h.clock.now() });
    try {
      app.fake.platform = 'ios';
      const home = await app.open('/pages/home/index/index');
      expect(home.page.data.canBuy).toBe(true);
      expect(home.text()).toContain('¥99');
    } finally {
      await app.h.db('settings').where('key', 'ios_purchase_policy').delete();
    }
  });
});
