import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createMpApp, rpxToPx, type MpApp, type Rendered } from '../tests/support/mp';
import { articleId, columnId, grantColumn } from '../tests/support/seed';
import { toHtml } from './render-html';

/**
 * `npm run mp:shots`: every page of the mini program, rendered by miniprogram-simulate with
 * TDesign and mp-html really loaded, on the real backend (demo seed), written as HTML and
 * photographed by Chromium 375 px wide → artifacts/mp/<name>.png. Then each render is checked:
 * nothing may stick out past the screen's right edge (a page that scrolls sideways is broken).
 */
const OUT = path.resolve(__dirname, '../../artifacts/mp');
const WIDTH = 375;

interface Scene {
  name: string;
  what: string;
  open(app: MpApp): Promise<Rendered>;
  /** Tab pages: the custom tab bar, marked on this tab. */
  tab?: 'home' | 'purchased' | 'my';
}

describe('mini program screenshots', () => {
  let app: MpApp;
  const rendered: Array<{ name: string; what: string }> = [];
  const owner = 'shots-owner';
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    app = await createMpApp({ openid: owner });
    ids.learning = await columnId(app.h.db, '高效学习的科学');
    ids.product = await columnId(app.h.db, '产品经理的 30 堂课');
    ids.opening = await articleId(app.h.db, '开篇词：学习是一门可以练习的手艺');
    ids.forgetting = await articleId(app.h.db, '遗忘曲线：记忆衰减的规律');
    ids.spacing = await articleId(app.h.db, '间隔重复：用最少的次数记最久');
    ids.retrieval = await articleId(app.h.db, '提取练习：考试是最好的复习');
    await grantColumn(app.h.db, owner, ids.learning);
    await app.h.ok('user', 'updateProfile', { nickname: '林小满' }, { openid: owner });
    await app.h.ok('progress', 'report', { articleId: ids.opening, percent: 100 }, { openid: owner });
    app.h.clock.advanceSec(40);
    await app.h.ok('progress', 'report', { articleId: ids.forgetting, percent: 45, positionSec: 9 }, { openid: owner });
    await app.h.ok('user', 'favorite', { articleId: ids.opening, favorited: true }, { openid: owner });
    await app.h.ok('order', 'create', { itemType: 'column', itemId: ids.product }, { openid: owner });
    fs.rmSync(OUT, { recursive: true, force: true });
    fs.mkdirSync(path.join(OUT, 'html'), { recursive: true });
  });
  afterAll(() => app?.close());

  const visitor = <T>(run: () => Promise<T>) => app.as('shots-visitor', run);
  const scenes: Scene[] = [
    {
      name: 'home',
      what: '首页：搜索框、会员/全部专栏入口、精选专栏（16:9 封面）、最新文章，底部 TDesign 标签栏',
      tab: 'home',
      open: (a) => a.open('/pages/home/index/index'),
    },
    {
      name: 'home-playing',
      what: '首页，后台正在播放音频：标签栏上方的迷你播放器',
      tab: 'home',
      open: async (a) => {
        const reader = await a.open(`/pages/reader/article/index?id=${ids.forgetting}`);
        await reader.tap('#audio >>> .play');
        return a.open('/pages/home/index/index');
      },
    },
    { name: 'purchased', what: '已购：专栏的学习进度与“继续学习”', tab: 'purchased', open: (a) => a.open('/pages/purchased/index/index') },
    {
      name: 'my',
      what: '我的：头像昵称、学习统计、继续学习、已购、订单/收藏/兑换码入口',
      tab: 'my',
      open: (a) => a.open('/pages/my/index/index'),
    },
    {
      name: 'search',
      what: '搜索“学习”：命中的专栏与文章，关键词高亮',
      open: async (a) => {
        const p = await a.open('/pages/discover/search/index');
        await p.page.search('学习');
        return p;
      },
    },
    {
      name: 'search-empty',
      what: '搜索无结果的空状态（含搜索历史已记住）',
      open: async (a) => {
        const p = await a.open('/pages/discover/search/index');
        await p.page.search('量子力学');
        return p;
      },
    },
    { name: 'search-history', what: '搜索页初始：搜索历史', open: (a) => a.open('/pages/discover/search/index') },
    { name: 'columns', what: '全部专栏（滚动到底自动加载）', open: (a) => a.open('/pages/discover/columns/index') },
    {
      name: 'column-owner',
      what: '专栏页（已订阅）：16:9 封面、学习进度、目录里“已学完/已学 45%/上次学到这里”',
      open: (a) => a.open(`/pages/column/detail/index?id=${ids.learning}`),
    },
    {
      name: 'column-visitor',
      what: '专栏页（未购买、未读过）：不高亮任何一讲，订阅/会员按钮',
      open: () => visitor(() => app.open(`/pages/column/detail/index?id=${ids.learning}`)),
    },
    {
      name: 'reader-free',
      what: '免费文章：字号按钮、mp-html 正文、上一讲/目录/下一讲、留言（最新/最热、回复）',
      open: (a) => a.open(`/pages/reader/article/index?id=${ids.opening}`),
    },
    {
      name: 'reader-dark',
      what: '深色模式下的阅读页（主题变量）',
      open: (a) => a.open(`/pages/reader/article/index?id=${ids.forgetting}`),
    },
    { name: 'home-dark', what: '深色模式下的首页', tab: 'home', open: (a) => a.open('/pages/home/index/index') },
    {
      name: 'reader-font-large',
      what: '字号“特大”的阅读页（字号面板展开）',
      open: async (a) => {
        const p = await a.open(`/pages/reader/article/index?id=${ids.opening}`);
        await p.tap('.font-btn');
        await p.tap('.font-step', 3);
        return p;
      },
    },
    {
      name: 'reader-audio',
      what: '已购音频课：完整播放器（上一讲/±15 秒/下一讲/倍速）',
      open: (a) => a.open(`/pages/reader/article/index?id=${ids.forgetting}`),
    },
    {
      name: 'reader-video',
      what: '已购视频课：画面上的移动水印（昵称打码）',
      open: (a) => a.open(`/pages/reader/article/index?id=${ids.retrieval}`),
    },
    {
      name: 'reader-toc',
      what: '阅读页的目录抽屉：已学完打勾、百分比、当前一讲',
      open: async (a) => {
        const p = await a.open(`/pages/reader/article/index?id=${ids.forgetting}`);
        await p.page.openToc();
        await a.settle();
        return p;
      },
    },
    {
      name: 'reader-paywall',
      what: '付费文章（未购买）：试读部分与付费墙',
      open: () => visitor(() => app.open(`/pages/reader/article/index?id=${ids.spacing}`)),
    },
    { name: 'membership', what: '会员页', open: () => visitor(() => app.open('/pages/membership/index/index')) },
    {
      name: 'order-confirm',
      what: '确认订单：商品、价格与可用优惠券（issue 15 的订单定价：打开即生成待支付订单）',
      open: () => visitor(() => app.open(`/pages/order/confirm/index?itemType=column&itemId=${ids.product}`)),
    },
    {
      name: 'order-cashier',
      what: '本地沙箱收银台',
      open: (a) =>
        a.open(`/pages/order/cashier/index?orderNo=TEST123&url=${encodeURIComponent('http://127.0.0.1:3000/sandbox/pay/TEST123')}`),
    },
    {
      name: 'order-webview',
      what: '收银台 web-view 容器',
      open: (a) => a.open(`/pages/order/webview/index?url=${encodeURIComponent('http://127.0.0.1:3000/sandbox/pay/TEST123')}`),
    },
    { name: 'orders', what: '我的订单', open: (a) => a.open('/pages/account/orders/index') },
    { name: 'favorites', what: '我的收藏', open: (a) => a.open('/pages/account/favorites/index') },
    { name: 'redeem', what: '兑换码', open: (a) => a.open('/pages/account/redeem/index') },
    { name: 'notes', what: '我的笔记（issue 16）', open: (a) => a.open('/pages/my/notes/index') },
    {
      name: 'certificate',
      what: '结业证书（未学完时的状态，issue 16）',
      open: (a) => a.open(`/pages/my/certificate/index?columnId=${ids.learning}`),
    },
    { name: 'verify', what: '证书验证（issue 16）', open: (a) => a.open('/pages/my/verify/index?no=ZS2026UNKNOWN') },
    { name: 'terms', what: '隐私政策（条款页，issue 13）', open: (a) => a.open('/pages/my/terms/index?kind=privacyPolicy') },
    { name: 'coupons', what: '我的优惠券（issue 15）', open: (a) => a.open('/pages/growth/coupons/index') },
    { name: 'gift', what: '送礼（未知订单的错误状态，issue 15）', open: (a) => a.open('/pages/growth/gift/index?orderNo=UNKNOWN') },
    { name: 'claim', what: '领取礼物（无效链接，issue 15）', open: (a) => a.open('/pages/growth/claim/index?token=UNKNOWN') },
    { name: 'referral', what: '推广员（issue 15）', open: (a) => a.open('/pages/growth/referral/index') },
  ];

  it('covers every page in app.json', () => {
    const appJson = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../miniprogram/app.json'), 'utf8'));
    const all: string[] = [
      ...appJson.pages,
      ...appJson.subPackages.flatMap((p: { root: string; pages: string[] }) => p.pages.map((x) => `${p.root}/${x}`)),
    ];
    const source = fs.readFileSync(__filename, 'utf8');
    for (const page of all) expect(source).toContain(`/${page}`);
  });

  for (const scene of scenes) {
    it(`${scene.name}: rendered`, async () => {
      // Each render inserts its own styles; page styles of different pages share the `main--` prefix.
      document.head.querySelectorAll('style').forEach((s) => s.remove());
      if (scene.name !== 'home-playing') app.mp('services/audio-player').audioPlayer().close();
      app.fake.storage.delete('reader-font.v1'); // each scene at the standard size unless it picks one
      const page = await scene.open(app);
      await app.settle();
      const overlays: Rendered[] = [];
      if (scene.tab) {
        const bar = await app.render('custom-tab-bar/index');
        bar.page.setData({ value: scene.tab });
        await app.settle();
        overlays.push(bar);
      }
      fs.writeFileSync(path.join(OUT, 'html', `${scene.name}.html`), toHtml({ page, overlays }, rpxToPx, scene.name));
      rendered.push({ name: scene.name, what: scene.what });
    });
  }

  it('photographed at 375 px, and no page sticks out past the screen width', () => {
    const json = execFileSync(process.execPath, [path.join(__dirname, 'photograph.mjs'), OUT], { encoding: 'utf8', timeout: 240000 });
    const measured: Record<string, { scrollWidth: number; overflow: string[] }> = JSON.parse(json);
    const index = rendered.map((r) => ({ ...r, png: `${r.name}.png`, ...measured[r.name] }));
    fs.writeFileSync(path.join(OUT, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
    for (const r of rendered) {
      expect(fs.existsSync(path.join(OUT, `${r.name}.png`))).toBe(true);
      expect({ page: r.name, overflow: measured[r.name].overflow }).toEqual({ page: r.name, overflow: [] });
      expect(measured[r.name].scrollWidth).toBeLessThanOrEqual(WIDTH);
    }
  });
});
