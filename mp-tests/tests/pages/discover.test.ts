import { expectToShow, openLoaded } from '../support/checks';
import { createMpApp, type MpApp } from '../support/mp';
import { articleId, columnId, grantColumn } from '../support/seed';

/**
 * Finding things: search (catalog.search) with history and highlighted hits, every column a page
 * at a time (catalog.columns), the native tab bar, and 已购 (user.purchases) with progress.
 */
describe('finding things', () => {
  let app: MpApp;
  beforeAll(async () => {
    app = await createMpApp({ openid: 'finder' });
  });
  afterAll(() => app.close());

  describe('search', () => {
    it('finds columns and articles by title, highlights the query, remembers it', async () => {
      const page = await app.open('/pages/discover/search/index');
      expect(page.text()).toContain('还没有搜索过');
      page.page.onInput({ detail: { value: '  学习 ' } });
      await page.tap('.search-go');
      expect(page.page.data.status).toBe('ok');
      expect(app.fake.calls.at(-1)).toMatchObject({ name: 'catalog', action: 'search', input: { q: '学习' } });
      expectToShow(page, '专栏', '高效学习的科学', '文章', '开篇词：学习是一门可以练习的手艺');
      // Every hit shows the query marked, and only the query.
      const marks = page.$$('.mark').map((m: any) => m.dom.textContent);
      expect(marks.length).toBeGreaterThanOrEqual(2);
      expect(new Set(marks)).toEqual(new Set(['学习']));
      expect(app.fake.storage.get('search-history.v1')).toEqual(['学习']);

      await page.tap('.hit-column');
      expect(app.lastRoute()).toBe(`/pages/column/detail/index?id=${await columnId(app.h.db, '高效学习的科学')}`);
      await page.tap('.hit-article');
      expect(app.lastRoute()).toMatch(/^\/pages\/reader\/article\/index\?id=\d+$/);
    });

    it('says so when nothing matches, and history puts the newest first without repeats', async () => {
      const page = await app.open('/pages/discover/search/index');
      expect(page.text()).toContain('学习'); // remembered from the last test
      await page.page.search('量子力学');
      expect(page.page.data.status).toBe('empty');
      expect(page.text()).toContain('没有找到与“量子力学”相关的内容');
      await page.page.search('学习');
      expect(app.fake.storage.get('search-history.v1')).toEqual(['学习', '量子力学']);

      page.page.clearQuery();
      await app.settle();
      await page.tap('.chip', 1);
      expect(page.page.data.searched).toBe('量子力学');
      page.page.clearHistory();
      expect(app.fake.storage.has('search-history.v1')).toBe(false);
    });

    it('a query with LIKE wildcards is searched literally', async () => {
      const page = await app.open('/pages/discover/search/index');
      await page.page.search('%');
      expect(page.page.data.status).toBe('empty');
    });
  });

  it('all columns: a page at a time as the learner scrolls to the bottom', async () => {
    const now = app.h.clock.now();
    const extra = Array.from({ length: 22 }, (_, i) => ({
      title: `测试专栏 ${String(i + 1).padStart(2, '0')}`,
      subtitle: '翻页用',
      intro: '',
      cover: '',
      price_fen: 100,
      member_included: false,
      status: 'published',
      sort: 100 + i,
      published_at: now,
      created_at: now,
      updated_at: now,
    }));
    await app.h.db('columns').insert(extra);
    const total = Number((await app.h.db('columns').where('status', 'published').count('* as n').first())!.n);
    const page = await openLoaded(app, '/pages/discover/columns/index');
    expect(page.page.data.items.length).toBe(20);
    expect(page.page.data.nextCursor).toBeTruthy();
    await page.page.onReachBottom();
    await app.settle();
    expect(page.page.data.items.length).toBe(total);
    expect(page.page.data.nextCursor).toBeNull();
    expect(page.text()).toContain('没有更多了');
    expect(new Set(page.page.data.items.map((c: any) => c.id)).size).toBe(total);
    // Pull-down starts over from the first page.
    await page.page.onPullDownRefresh();
    expect(page.page.data.items.length).toBe(20);
    await app.h.db('columns').where('subtitle', '翻页用').delete();
  });

  it('the tab bar switches between 首页 / 已购 / 我的 with switchTab', async () => {
    const bar = await app.render('custom-tab-bar/index');
    expect(bar.text()).toContain('首页');
    expect(bar.text()).toContain('已购');
    expect(bar.text()).toContain('我的');
    bar.page.onChange({ detail: { value: 'purchased' } });
    expect(app.fake.navigations.at(-1)).toEqual({ kind: 'switchTab', url: '/pages/purchased/index/index' });
    expect(bar.page.data.value).toBe('purchased');
    // Tab pages are opened with switchTab from anywhere (navigateTo would fail on a device).
    const home = await app.open('/pages/home/index/index');
    await home.tap('.search-bar');
    expect(app.lastRoute()).toBe('/pages/discover/search/index');
    await home.tap('.shortcut-columns');
    expect(app.lastRoute()).toBe('/pages/discover/columns/index');
    app.mp('utils/nav').go('/pages/my/index/index');
    expect(app.fake.navigations.at(-1)).toEqual({ kind: 'switchTab', url: '/pages/my/index/index' });
  });

  it('已购 lists what the learner holds, columns with progress and 继续学习', async () => {
    const empty = await app.open('/pages/purchased/index/index');
    expect(empty.page.data.status).toBe('empty');
    expect(empty.text()).toContain('还没有已购内容');

    const learning = await columnId(app.h.db, '高效学习的科学');
    const opening = await articleId(app.h.db, '开篇词：学习是一门可以练习的手艺');
    const forgetting = await articleId(app.h.db, '遗忘曲线：记忆衰减的规律');
    await grantColumn(app.h.db, 'finder', learning);
    await app.h.ok('progress', 'report', { articleId: opening, percent: 100 }, { openid: 'finder' });

    await empty.page.onShow();
    await app.settle();
    expect(empty.page.data.status).toBe('ok');
    expectToShow(empty, '高效学习的科学', '专栏', '赠送', '已学 1/');
    await empty.tap('.continue');
    expect(app.lastRoute()).toBe(`/pages/reader/article/index?id=${forgetting}`);
    await empty.tap('.bought-column');
    expect(app.lastRoute()).toBe(`/pages/column/detail/index?id=${learning}`);
  });
});
