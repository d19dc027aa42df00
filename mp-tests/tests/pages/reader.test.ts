import { openOffline } from '../support/checks';
import { createMpApp, type MpApp } from '../support/mp';
import { articleId, columnId, grantColumn } from '../support/seed';

/**
 * The article reader: rich text from access.article, the paywall under a preview, audio/video
 * with resume, like and favorite, comments, and progress reports that survive going offline.
 */
describe('article reader', () => {
  let app: MpApp;
  let learning: number;
  let free: number;
  let forgetting: number; // paid, with audio, preview marker
  let spacing: number; // paid, sold alone (¥9.9)
  let retrieval: number; // paid, with video

  beforeAll(async () => {
    app = await createMpApp({ openid: 'reader-learner' });
    learning = await columnId(app.h.db, '高效学习的科学');
    free = await articleId(app.h.db, '开篇词：学习是一门可以练习的手艺');
    forgetting = await articleId(app.h.db, '遗忘曲线：记忆衰减的规律');
    spacing = await articleId(app.h.db, '间隔重复：用最少的次数记最久');
    retrieval = await articleId(app.h.db, '提取练习：考试是最好的复习');
  });
  afterAll(() => app.close());
  afterEach(() => {
    app.fake.online = true;
  });

  it('a free article shows its whole body, with like/favorite and the comment composer', async () => {
    const reader = await app.open(`/pages/reader/article/index?id=${free}`);
    expect(reader.page.data.status).toBe('ok');
    expect(reader.page.data.granted).toBe(true);
    expect(reader.page.data.html).toContain('学习是一门可以练习的手艺'.slice(0, 2));
    expect(reader.text()).toContain('免费');
    expect(reader.count('paywall')).toBe(0);
    expect(reader.count('action')).toBeGreaterThanOrEqual(2);
    expect(reader.count('composer')).toBe(1);
  });

  it("opens with the learner's like and favorite and the article's like count, as access.article sends them", async () => {
    await app.h.ok('user', 'likeArticle', { articleId: free, liked: true }, { openid: 'reader-learner' });
    await app.h.ok('user', 'likeArticle', { articleId: free, liked: true }, { openid: 'reader-other-fan' });
    await app.h.ok('user', 'favorite', { articleId: free, favorited: true }, { openid: 'reader-learner' });
    const reader = await app.open(`/pages/reader/article/index?id=${free}`);
    expect(reader.page.data).toMatchObject({ liked: true, likeCount: 2, favorited: true });
    expect(reader.text()).toContain('已赞 2');
    expect(reader.text()).toContain('已收藏');
  });

  it('a paid article shows the server-cut preview and a paywall with every way to unlock it', async () => {
    const reader = await app.open(`/pages/reader/article/index?id=${spacing}`);
    expect(reader.page.data.granted).toBe(false);
    const full = String((await app.h.db('articles').where('id', spacing).first('body_html')).body_html);
    expect(full).toContain('作为复习完成的标准');
    expect(reader.page.data.html.length).toBeLessThan(full.length);
    expect(reader.page.data.html).not.toContain('作为复习完成的标准');
    const wall = reader.$('#paywall');
    const wallText = String(wall.dom.textContent);
    expect(wallText).toContain('购买本篇');
    expect(wallText).toContain('¥9.9');
    expect(wallText).toContain('订阅整个专栏');
    expect(wallText).toContain('¥99');
    expect(wallText).toContain('加入会员');
    // No like/favorite and no composer until it is unlocked.
    expect(reader.count('actions')).toBe(0);
    expect(reader.text()).toContain('解锁本文后即可参与讨论');

    await reader.tap('#paywall >>> .option', 0);
    expect(app.lastRoute()).toBe(`/pages/order/confirm/index?itemType=article&itemId=${spacing}`);
    await reader.tap('#paywall >>> .option', 2);
    expect(app.lastRoute()).toBe('/pages/membership/index/index');
    await reader.tap('#paywall >>> .redeem');
    expect(app.lastRoute()).toBe('/pages/account/redeem/index');
  });

  it("never hands a locked article's media to the page", async () => {
    const reader = await app.open(`/pages/reader/article/index?id=${forgetting}`);
    expect(reader.page.data.audio).toBeNull();
    expect(reader.count('audio')).toBe(0);
    expect(reader.text()).toContain('解锁后可收听音频');
  });

  describe('for a learner who owns the column', () => {
    let owner: MpApp;
    beforeAll(async () => {
      owner = await createMpApp({ openid: 'reader-owner' });
      await grantColumn(owner.h.db, 'reader-owner', learning);
    });
    afterAll(() => owner.close());
    afterEach(() => {
      owner.fake.online = true;
    });

    it('plays audio from where the learner stopped, and reports the position', async () => {
      await owner.h.ok('progress', 'report', { articleId: forgetting, percent: 40, positionSec: 8 }, { openid: 'reader-owner' });
      const reader = await owner.open(`/pages/reader/article/index?id=${forgetting}`);
      expect(reader.page.data.granted).toBe(true);
      expect(reader.page.data.html).toContain('付费正文');
      expect(reader.page.data.audio.url).toBeTruthy();
      expect(reader.page.data.startSec).toBe(8);
      expect(reader.text()).toContain('已订阅专栏');

      await reader.tap('#audio >>> .play');
      expect(owner.fake.audio.startTime).toBe(8);
      owner.fake.audio.advanceTo(15);
      owner.h.clock.advanceSec(30); // the server refuses reports closer than a few seconds apart
      await reader.page.onHide();
      await owner.settle();
      const saved = await owner.h.ok('progress', 'get', { articleId: forgetting }, { openid: 'reader-owner' });
      expect(saved.positionSec).toBe(15);
      expect(saved.percent).toBe(75);
    });

    it('video resumes through initial-time and reports its position', async () => {
      owner.h.clock.advanceSec(30);
      await owner.h.ok('progress', 'report', { articleId: retrieval, percent: 10, positionSec: 12 }, { openid: 'reader-owner' });
      owner.h.clock.advanceSec(30);
      const reader = await owner.open(`/pages/reader/article/index?id=${retrieval}`);
      expect(reader.page.data.video.url).toBeTruthy();
      expect(reader.page.data.startSec).toBe(12);
      reader.page.onVideoTime({ detail: { currentTime: 21.4, duration: 30 } });
      owner.h.clock.advanceSec(30);
      await reader.page.onUnload();
      await owner.settle();
      const saved = await owner.h.ok('progress', 'get', { articleId: retrieval }, { openid: 'reader-owner' });
      expect(saved.positionSec).toBe(21);
      expect(saved.percent).toBe(70); // 21 of 30 s
    });

    it('reading progress buffers while offline and lands once the network is back', async () => {
      owner.h.clock.advanceSec(30);
      const reader = await owner.open(`/pages/reader/article/index?id=${free}`);
      await owner.settle(); // the content height is measured after render
      owner.fake.online = false;
      reader.page.onPageScroll({ scrollTop: 800 }); // 800 of 1600 scrollable px
      await reader.page.onHide();
      await owner.settle();
      const queued = owner.fake.storage.get('progress-queue.v1') as any[];
      expect(queued).toEqual([{ articleId: free, percent: 50 }]);
      expect((await owner.h.ok('progress', 'get', { articleId: free }, { openid: 'reader-owner' })).percent).toBe(0);

      owner.fake.online = true;
      owner.h.clock.advanceSec(30);
      await owner.mp('services/progress-reporter').progressQueue().flush();
      expect(owner.fake.storage.has('progress-queue.v1')).toBe(false);
      expect((await owner.h.ok('progress', 'get', { articleId: free }, { openid: 'reader-owner' })).percent).toBe(50);
    });

    it('89.6% read is reported as 89%, not completed: the client floors like the server', async () => {
      await owner.as('reader-almost-done', async () => {
        const reader = await owner.open(`/pages/reader/article/index?id=${free}`);
        await owner.settle(); // the content height is measured after render
        reader.page.onPageScroll({ scrollTop: 1433.6 }); // 89.6% of 1600 scrollable px
        await reader.page.onHide();
        await owner.settle();
      });
      const saved = await owner.h.ok('progress', 'get', { articleId: free }, { openid: 'reader-almost-done' });
      expect(saved).toMatchObject({ percent: 89, completed: false });
    });

    it('reports on a steady interval while the page is visible', async () => {
      jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] });
      try {
        const reporter = new (owner.mp('services/progress-reporter').ProgressReporter)(spacing, () => ({ percent: 33 }), {
          report: jest.fn(async () => undefined),
          flush: jest.fn(async () => undefined),
        });
        reporter.start();
        jest.advanceTimersByTime(owner.mp('services/progress-reporter').REPORT_INTERVAL_MS * 3);
        expect((reporter as any).queue.report).toHaveBeenCalledTimes(1); // unchanged snapshots are not resent
        expect((reporter as any).queue.flush).toHaveBeenCalledTimes(2);
        await reporter.stop();
      } finally {
        jest.useRealTimers();
      }
    });

    it('paid video carries a moving watermark with the masked nickname; paid pages hide from capture and pause on recording', async () => {
      await owner.h.ok('user', 'updateProfile', { nickname: '王小明' }, { openid: 'reader-owner' });
      owner.fake.captureEffects.length = 0;
      const listening = owner.fake.recordingListeners.size; // the audio service keeps its own
      const reader = await owner.open(`/pages/reader/article/index?id=${retrieval}`);
      expect(reader.page.data.paid).toBe(true);
      expect(reader.count('watermark')).toBe(1);
      expect(reader.$('.watermark').dom.textContent).toContain('王**');
      expect(reader.text()).not.toContain('王小明');
      expect(owner.fake.captureEffects).toEqual(['hidden']);

      owner.fake.startRecording();
      await owner.settle();
      expect(owner.fake.videoPauses).toBe(1);
      expect(owner.fake.toasts.at(-1)).toBe('录屏时已暂停播放');

      await reader.page.onHide();
      expect(owner.fake.captureEffects.at(-1)).toBe('none');
      expect(owner.fake.recordingListeners.size).toBe(listening); // the page's listener is gone
    });

    it('no watermark on paid audio or on free articles; free pages stay capturable', async () => {
      const audioOnly = await owner.open(`/pages/reader/article/index?id=${forgetting}`);
      expect(audioOnly.page.data.paid).toBe(true);
      expect(audioOnly.count('watermark')).toBe(0);
      // A recording pauses the paid audio too.
      await audioOnly.tap('#audio >>> .play');
      owner.fake.startRecording();
      await owner.settle();
      expect(owner.fake.audio.paused).toBe(true);
      await audioOnly.page.onUnload();

      owner.fake.captureEffects.length = 0;
      const open = await owner.open(`/pages/reader/article/index?id=${free}`);
      expect(open.page.data.paid).toBe(false);
      expect(open.count('watermark')).toBe(0);
      expect(owner.fake.captureEffects).not.toContain('hidden');
    });

    it("上一讲/下一讲 and a table-of-contents drawer with the learner's ticks", async () => {
      owner.h.clock.advanceSec(30);
      await owner.h.ok('progress', 'report', { articleId: free, percent: 100 }, { openid: 'reader-owner' });
      const reader = await owner.open(`/pages/reader/article/index?id=${forgetting}`);
      expect(reader.page.data).toMatchObject({ prevArticleId: free, nextArticleId: spacing });
      expect(reader.text()).toContain('上一讲');
      expect(reader.text()).toContain('下一讲');
      await reader.tap('.lesson-nav .prev');
      expect(owner.fake.navigations.at(-1)).toEqual({ kind: 'redirectTo', url: `/pages/reader/article/index?id=${free}` });
      await reader.tap('.lesson-nav .next');
      expect(owner.fake.navigations.at(-1)).toEqual({ kind: 'redirectTo', url: `/pages/reader/article/index?id=${spacing}` });

      expect(reader.count('toc-item')).toBe(0);
      await reader.tap('.toc-btn');
      expect(reader.page.data.tocOpen).toBe(true);
      expect(reader.count('toc-item')).toBe(reader.page.data.toc.flatMap((c: any) => c.articles).length);
      expect(reader.page.data.tocPercents[free]).toBe(100);
      expect(reader.count('toc-done')).toBe(1);
      expect(reader.count('toc-current')).toBe(1);
      await reader.tap('.toc-item', 3);
      expect(reader.page.data.tocOpen).toBe(false);
      expect(owner.lastRoute()).toBe(`/pages/reader/article/index?id=${reader.page.data.toc.flatMap((c: any) => c.articles)[3].id}`);
    });

    it('like and favorite toggle through the user function', async () => {
      const reader = await owner.open(`/pages/reader/article/index?id=${forgetting}`);
      await reader.tap('.action', 0);
      expect(reader.page.data.liked).toBe(true);
      expect(reader.page.data.likeCount).toBe(1);
      await reader.tap('.action', 1);
      expect(reader.page.data.favorited).toBe(true);
      const favorites = await owner.h.ok('user', 'favorites', {}, { openid: 'reader-owner' });
      expect(favorites.items.map((f: any) => f.article?.id ?? f.id)).toContain(forgetting);
      owner.fake.online = false;
      await reader.tap('.action', 1);
      expect(reader.page.data.favorited).toBe(true); // rolled back after the failed call
      expect(owner.fake.toasts.at(-1)).toBe('操作失败，请重试');
      owner.fake.online = true;
    });

    it('a comment posts and shows as published; a flagged one shows as pending only to its author', async () => {
      const reader = await owner.open(`/pages/reader/article/index?id=${forgetting}`);
      const list = reader.$('#comments');
      list.instance.onInput({ detail: { value: '每天复习一遍，果然记得更牢了' } });
      await reader.tap('#comments >>> .send');
      expect(reader.text()).toContain('每天复习一遍，果然记得更牢了');
      expect(list.instance.data.items[0].status).toBe('published');
      expect(list.instance.data.draft).toBe('');

      list.instance.onInput({ detail: { value: '想交流的同学 #待审核# 一起打卡' } });
      await reader.tap('#comments >>> .send');
      expect(list.instance.data.items[0].status).toBe('pending');
      expect(reader.text()).toContain('审核中，仅自己可见');

      // Another learner (same database, different openid) does not see the pending one.
      await owner.as('reader-other', async () => {
        const other = await owner.open(`/pages/reader/article/index?id=${forgetting}`);
        expect(other.text()).toContain('每天复习一遍');
        expect(other.text()).not.toContain('#待审核#');
      });
    });

    it('CONTENT_REJECTED keeps the draft and says why; a network failure too', async () => {
      const reader = await owner.open(`/pages/reader/article/index?id=${forgetting}`);
      const list = reader.$('#comments');
      list.instance.onInput({ detail: { value: '这是网络赌博广告' } });
      await reader.tap('#comments >>> .send');
      expect(list.instance.data.composerError).toBe('内容未通过安全审核，请修改后再发布');
      expect(list.instance.data.draft).toBe('这是网络赌博广告');
      expect(reader.text()).toContain('内容未通过安全审核');
      expect(reader.text()).not.toContain('这是网络赌博广告，');

      owner.fake.online = false;
      list.instance.onInput({ detail: { value: '断网时写的留言' } });
      await reader.tap('#comments >>> .send');
      expect(list.instance.data.composerError).toContain('网络不给力');
      expect(list.instance.data.draft).toBe('断网时写的留言');
    });
  });

  it('font size: four steps, kept on the phone for the next article', async () => {
    const reader = await app.open(`/pages/reader/article/index?id=${free}`);
    expect(reader.page.data.fontRpx).toBe(34);
    await reader.tap('.font-btn');
    expect(reader.count('font-step')).toBe(4);
    await reader.tap('.font-step', 3);
    expect(reader.page.data).toMatchObject({ fontStep: 3, fontRpx: 44 });
    expect(app.fake.storage.get('reader-font.v1')).toBe(3);
    expect(reader.$('.article').dom.getAttribute('style')).toMatch(/font-size: 44(rpx|px)/); // simulate turns rpx into px
    const next = await app.open(`/pages/reader/article/index?id=${forgetting}`);
    expect(next.page.data.fontRpx).toBe(44);
    await next.tap('.font-btn');
    await next.tap('.font-step', 1);
    expect(app.fake.storage.get('reader-font.v1')).toBe(1);
  });

  it('article html goes through mp-html with images fitted and code blocks scrolling sideways', async () => {
    const reader = await app.open(`/pages/reader/article/index?id=${free}`);
    expect(reader.page.data.tagStyle.img).toContain('max-width:100%');
    expect(reader.page.data.tagStyle.pre).toContain('overflow-x:auto');
  });

  it('a network failure shows the error state with retry', async () => {
    const reader = await openOffline(app, `/pages/reader/article/index?id=${free}`);
    await reader.tap('.state-view >>> .state-retry');
    expect(reader.page.data.status).toBe('ok');
  });

  it('an unknown article is not found', async () => {
    const reader = await app.open('/pages/reader/article/index?id=999999');
    expect(reader.page.data.status).toBe('error');
    expect(reader.page.data.message).toMatch(/不存在|下架/);
  });
});
