import { createMpApp, type MpApp } from '../support/mp';
import { grantColumn } from '../support/seed';

/** Column detail: intro, chapters with lock icons, price and the ways to buy. */
describe('column detail page', () => {
  let app: MpApp;
  let learning: number;
  beforeAll(async () => {
    app = await createMpApp({ openid: 'column-learner' });
    learning = Number((await app.h.db('columns').where('title', '高效学习的科学').first()).id);
  });
  afterAll(() => app.close());
  afterEach(() => {
    app.fake.platform = 'android';
    app.mp('services/platform').resetPolicyCache();
  });

  it('shows cover, intro, chapters and locks for a learner who owns nothing', async () => {
    const page = await app.open(`/pages/column/detail/index?id=${learning}`);
    expect(page.page.data.status).toBe('ok');
    const text = page.text();
    expect(text).toContain('高效学习的科学');
    expect(text).toContain('专栏介绍');
    expect(text).toContain('第一章');
    expect(page.page.data.coverUrl).toMatch(/covers\/learning\.svg$/);
    const articles = page.page.data.chapters.flatMap((c: any) => c.articles);
    expect(page.count('lock')).toBe(articles.filter((a: any) => a.locked).length);
    expect(page.count('lock')).toBeGreaterThan(0);
    expect(text).toContain('订阅专栏 ¥99');
    expect(text).toContain('会员免费学');
  });

  it('buy-column and join-membership lead to checkout and the membership page', async () => {
    const page = await app.open(`/pages/column/detail/index?id=${learning}`);
    await page.tap('.buy-column');
    expect(app.lastRoute()).toBe(`/pages/order/confirm/index?itemType=column&itemId=${learning}`);
    await page.tap('.join-member');
    expect(app.lastRoute()).toBe('/pages/membership/index/index');
  });

  it('an article sold alone can be bought straight from the list', async () => {
    const page = await app.open(`/pages/column/detail/index?id=${learning}`);
    const sold = page.page.data.chapters.flatMap((c: any) => c.articles).find((a: any) => a.locked && a.priceFen);
    expect(page.text()).toContain('单买 ¥9.9');
    await page.tap('.art-item >>> .buy-chip');
    expect(app.lastRoute()).toBe(`/pages/order/confirm/index?itemType=article&itemId=${sold.id}`);
  });

  it('a locked article opens the reader, where its paywall sells it', async () => {
    const page = await app.open(`/pages/column/detail/index?id=${learning}`);
    const locked = page.page.data.chapters.flatMap((c: any) => c.articles).find((a: any) => a.locked);
    const index = page.page.data.chapters.flatMap((c: any) => c.articles).indexOf(locked);
    await page.tap('.art-item >>> .item', index);
    expect(app.lastRoute()).toBe(`/pages/reader/article/index?id=${locked.id}`);
  });

  it('after buying (a grant here), the column shows as unlocked with a progress bar and continue', async () => {
    const owner = await createMpApp({ openid: 'column-owner' });
    try {
      const userId = Number(
        (await owner.h.db('users').insert({ openid: 'column-owner', created_at: new Date(), updated_at: new Date() }))[0],
      );
      await owner.h.db('entitlements').insert({
        user_id: userId,
        scope: 'column',
        item_id: learning,
        source: 'grant',
        source_id: 'test-grant-1',
        starts_at: new Date(0),
        expires_at: null,
        created_at: new Date(),
      });
      const page = await owner.open(`/pages/column/detail/index?id=${learning}`);
      expect(page.page.data.owned).toBe(true);
      expect(page.count('lock')).toBe(0);
      expect(page.text()).toContain('已解锁');
      expect(page.text()).toContain('学习进度');
      expect(page.text()).not.toContain('订阅专栏');
      await page.tap('.continue');
      const first = page.page.data.chapters[0].articles[0].id;
      expect(owner.lastRoute()).toBe(`/pages/reader/article/index?id=${first}`);
    } finally {
      await owner.close();
    }
  });

  it('continue opens the article the learner read last (progress.column)', async () => {
    const reader = await createMpApp({ openid: 'column-reader' });
    try {
      await grantColumn(reader.h.db, 'column-reader', learning);
      const second = Number((await reader.h.db('articles').where('title', '遗忘曲线：记忆衰减的规律').first('id')).id);
      await reader.h.ok('progress', 'report', { articleId: second, percent: 30 }, { openid: 'column-reader' });
      const page = await reader.open(`/pages/column/detail/index?id=${learning}`);
      expect(page.page.data.lastArticleId).toBe(second);
      expect(page.text()).toContain('继续学习');
      await page.tap('.continue');
      expect(reader.lastRoute()).toBe(`/pages/reader/article/index?id=${second}`);
    } finally {
      await reader.close();
    }
  });

  it('a visitor who read nothing sees no "you are here" (not even on 开篇词)', async () => {
    const page = await app.open(`/pages/column/detail/index?id=${learning}`);
    expect(page.page.data.lastArticleId).toBe(0);
    expect(page.count('current')).toBe(0);
    expect(page.text()).not.toContain('上次学到这里');
    expect(page.text()).not.toContain('已学');
  });

  it('the table of contents ticks what the learner read and marks where to continue', async () => {
    const reader = await createMpApp({ openid: 'column-ticks' });
    try {
      await grantColumn(reader.h.db, 'column-ticks', learning);
      const id = async (title: string) => Number((await reader.h.db('articles').where('title', title).first('id')).id);
      const opening = await id('开篇词：学习是一门可以练习的手艺');
      const forgetting = await id('遗忘曲线：记忆衰减的规律');
      await reader.h.ok('progress', 'report', { articleId: opening, percent: 100 }, { openid: 'column-ticks' });
      reader.h.clock.advanceSec(30);
      await reader.h.ok('progress', 'report', { articleId: forgetting, percent: 40 }, { openid: 'column-ticks' });
      const page = await reader.open(`/pages/column/detail/index?id=${learning}`);
      expect(page.page.data.percents).toEqual({ [opening]: 100, [forgetting]: 40 });
      const items = page.$$('.art-item');
      const all = page.page.data.chapters.flatMap((c: any) => c.articles);
      const textOf = (articleId: number) => String(items[all.findIndex((a: any) => a.id === articleId)].dom.textContent);
      expect(textOf(opening)).toContain('已学完');
      expect(textOf(forgetting)).toContain('已学 40%');
      expect(textOf(forgetting)).toContain('上次学到这里');
      expect(page.count('current')).toBe(1);
      expect(page.count('done')).toBe(1);
    } finally {
      await reader.close();
    }
  });

  it('reading an article to the end in the reader ticks it in the table of contents', async () => {
    const reader = await createMpApp({ openid: 'column-reads' });
    try {
      const opening = Number((await reader.h.db('articles').where('title', '开篇词：学习是一门可以练习的手艺').first('id')).id);
      const article = await reader.open(`/pages/reader/article/index?id=${opening}`);
      await reader.settle(); // the content height is measured after render
      article.page.onPageScroll({ scrollTop: 1600 }); // the bottom of 1600 scrollable px
      await article.page.onHide();
      await reader.settle();
      const page = await reader.open(`/pages/column/detail/index?id=${learning}`);
      expect(page.page.data.percents[opening]).toBe(100);
      expect(page.count('done')).toBe(1);
      expect(page.page.data.lastArticleId).not.toBe(opening); // finished: continue with the next one
      expect(page.count('current')).toBe(1);
    } finally {
      await reader.close();
    }
  });

  it('on iOS the default policy hides prices and buy buttons and shows guidance with the redeem entry', async () => {
    app.fake.platform = 'ios';
    const page = await app.open(`/pages/column/detail/index?id=${learning}`);
    const text = page.text();
    expect(text).not.toMatch(/¥\d/);
    expect(page.$('.buy-column')).toBeFalsy();
    expect(text).toContain('iOS');
    await page.tap('.redeem-link');
    expect(app.lastRoute()).toBe('/pages/account/redeem/index');
  });

  it('an unknown column shows the not-found error', async () => {
    const page = await app.open('/pages/column/detail/index?id=999999');
    expect(page.page.data.status).toBe('error');
    expect(page.text()).toContain('不存在');
  });
});
