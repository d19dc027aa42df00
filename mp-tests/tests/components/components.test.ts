import { createMpApp, type MpApp } from '../support/mp';

/** Components (shared ones in components/, page-only ones beside their page), rendered from their real WXML/WXSS/TS. */
describe('components', () => {
  let app: MpApp;
  beforeAll(async () => {
    app = await createMpApp({ openid: 'component-learner' });
  });
  afterAll(() => app.close());

  describe('state-view', () => {
    it('shows loading, empty with its message, error with retry, and the content otherwise', async () => {
      const view = await app.render('components/state-view/index', { status: 'loading' });
      expect(view.text()).toContain('加载中');
      view.comp.setData({ status: 'empty', message: '还没有订单' });
      expect(view.text()).toContain('还没有订单');
      view.comp.setData({ status: 'error', message: '网络不给力' });
      expect(view.text()).toContain('网络不给力');
      const retried = jest.fn();
      view.comp.addEventListener('retry', retried);
      await view.tap('.state-retry');
      expect(retried).toHaveBeenCalledTimes(1);
      view.comp.setData({ status: 'ok' });
      expect(view.text()).toBe('');
    });
  });

  describe('paywall', () => {
    const options = [
      { key: 'article', itemType: 'article', itemId: 5, label: '购买本篇', hint: '永久阅读这一讲', priceText: '¥9.9' },
      { key: 'column', itemType: 'column', itemId: 1, label: '订阅整个专栏', hint: '解锁全部 4 讲', priceText: '¥99', primary: true },
    ];

    it('lists the purchase options and reports the chosen one', async () => {
      const wall = await app.render('pages/reader/article/components/paywall/index', { options, canBuy: true });
      expect(wall.text()).toContain('试读结束');
      expect(wall.text()).toContain('购买本篇');
      expect(wall.text()).toContain('¥99');
      const bought: any[] = [];
      wall.comp.addEventListener('buy', (e: any) => bought.push(e.detail));
      await wall.tap('.option', 1);
      expect(bought).toEqual([{ itemType: 'column', itemId: 1 }]);
    });

    it('where buying is hidden (iOS), shows guidance instead of prices, and always the redeem entry', async () => {
      const wall = await app.render('pages/reader/article/components/paywall/index', {
        options,
        canBuy: false,
        guidance: 'iOS 暂不支持购买，请使用兑换码',
      });
      expect(wall.text()).toContain('iOS 暂不支持购买');
      expect(wall.text()).not.toContain('¥');
      expect(wall.count('option')).toBe(0);
      const redeem = jest.fn();
      wall.comp.addEventListener('redeem', redeem);
      await wall.tap('.redeem');
      expect(redeem).toHaveBeenCalled();
    });
  });

  describe('bar-chart', () => {
    it('draws one bar per day, scaled to the busiest day, with weekday labels', async () => {
      const daily = [
        { day: '2026-06-01', sec: 600 },
        { day: '2026-06-02', sec: 0 },
        { day: '2026-06-03', sec: 1200 },
      ];
      const chart = await app.render('pages/my/index/components/bar-chart/index', { daily });
      const bars = chart.comp.instance.data.bars;
      expect(bars.map((b: any) => b.height)).toEqual([50, 0, 100]);
      expect(bars.map((b: any) => b.weekday)).toEqual(['一', '二', '三']);
      expect(bars[2].today).toBe(true);
      expect(chart.count('bar')).toBe(3);
      expect(chart.text()).toContain('10′');
      expect(chart.text()).toContain('20′');
    });
  });

  describe('audio-player', () => {
    it('plays on the background audio manager from the resume point, with speed control', async () => {
      const player = await app.render('pages/reader/article/components/audio-player/index', {
        src: 'http://127.0.0.1:3000/media/a.wav',
        title: '遗忘曲线',
        subtitle: '高效学习的科学',
        durationSec: 300,
        startSec: 120,
      });
      expect(player.text()).toContain('2:00');
      expect(player.text()).toContain('5:00');
      await player.tap('.play');
      const audio = app.fake.audio;
      expect(audio.src).toBe('http://127.0.0.1:3000/media/a.wav');
      expect(audio.startTime).toBe(120);
      expect(audio.title).toBe('遗忘曲线');
      expect(player.text()).toContain('已从上次位置继续');

      await player.tap('.speed');
      expect(audio.playbackRate).toBe(1.25);
      expect(player.text()).toContain('1.25x');

      const positions: number[] = [];
      player.comp.addEventListener('timeupdate', (e: any) => positions.push(e.detail.positionSec));
      audio.advanceTo(150);
      expect(positions).toEqual([150]);
      expect(player.text()).toContain('2:30');

      await player.tap('.play');
      expect(audio.paused).toBe(true);
    });

    it('starts from the beginning when the saved position is at the very end', async () => {
      app.mp('services/audio-player').resetAudioPlayer(); // nothing playing from the test before
      const player = await app.render('pages/reader/article/components/audio-player/index', { src: 'x', durationSec: 100, startSec: 99 });
      expect(player.comp.instance.data.positionSec).toBe(0);
    });
  });
});
