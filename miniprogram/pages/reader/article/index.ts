import * as access from '../../../services/access';
import * as catalog from '../../../services/catalog';
import * as progress from '../../../services/progress';
import * as user from '../../../services/user';
import { assetUrl } from '../../../services/api';
import { purchasePolicy } from '../../../services/platform';
import { ProgressReporter } from '../../../services/progress-reporter';
import { hideFromCapture, maskName, pauseOnRecording } from '../../../services/capture-guard';
import { ARTICLE_TAG_STYLE, FONT_STEPS, fontStep, setFontStep } from '../../../services/reading-prefs';
import { day, yuan } from '../../../utils/format';
import { go, idFrom, routes } from '../../../utils/nav';
import { loadFailed } from '../../../utils/page';
import type { PurchaseOption } from './components/paywall/index';
import type { ArticleCard, ColumnDetail, ItemType, Media } from '../../../services/types';

const ACCESS_LABELS: Record<string, string> = {
  free: '免费',
  article: '已购本篇',
  column: '已订阅专栏',
  membership: '会员畅读',
};

/** Per-page state that is not rendered (kept off `data` so setData stays small). */
interface Runtime {
  reporter: ProgressReporter | null;
  /** Stops watching for screen recordings (paid pages only). */
  unwatchRecording: (() => void) | null;
  scrollPercent: number;
  mediaPositionSec: number | null;
  mediaDurationSec: number;
  contentHeight: number;
  windowHeight: number;
}

export function purchaseOptionsFor(article: ArticleCard, column: ColumnDetail['column'] | null): PurchaseOption[] {
  const options: PurchaseOption[] = [];
  if (article.priceFen !== null && article.priceFen > 0) {
    options.push({
      key: 'article',
      itemType: 'article',
      itemId: article.id,
      label: '购买本篇',
      hint: '永久阅读这一讲',
      priceText: yuan(article.priceFen),
    });
  }
  if (column) {
    options.push({
      key: 'column',
      itemType: 'column',
      itemId: column.id,
      label: '订阅整个专栏',
      hint: `解锁全部 ${column.articleCount} 讲，含后续更新`,
      priceText: yuan(column.priceFen),
      primary: true,
    });
    if (column.memberIncluded) {
      options.push({
        key: 'membership',
        itemType: 'membership',
        itemId: 0,
        label: '加入会员',
        hint: '会员免费学习本专栏及更多内容',
        priceText: '查看 ›',
      });
    }
  }
  return options;
}

Component({
  data: {
    status: 'loading' as 'loading' | 'ok' | 'error',
    message: '',
    articleId: 0,
    article: {} as ArticleCard,
    html: '',
    granted: false,
    accessLabel: '',
    audio: null as Media | null,
    video: null as Media | null,
    startSec: 0,
    resumeHint: false,
    resumePercent: 0,
    columnTitle: '',
    coverUrl: '',
    publishedText: '',
    purchaseOptions: [] as PurchaseOption[],
    canBuy: true,
    guidance: '',
    liked: false,
    likeCount: 0,
    favorited: false,
    nextArticleId: 0,
    nextTitle: '',
    prevArticleId: 0,
    prevTitle: '',
    /** The column's table of contents for the drawer; percents load when it first opens. */
    toc: [] as Array<{ id: number; title: string; articles: Array<{ id: number; title: string; locked: boolean; isFree: boolean }> }>,
    tocOpen: false,
    tocPercents: {} as Record<number, number>,
    tocLoaded: false,
    fontStep: 1,
    fontRpx: 34,
    fontSteps: FONT_STEPS,
    fontPanel: false,
    tagStyle: ARTICLE_TAG_STYLE,
    /** Paid and unlocked: screenshots hidden, playback paused when recording starts. */
    paid: false,
    /** Moving watermark over paid video: whose account is watching, masked. */
    watermark: '',
  },
  lifetimes: {
    created() {
      (this as unknown as { runtime: Runtime }).runtime = {
        reporter: null,
        unwatchRecording: null,
        scrollPercent: 0,
        mediaPositionSec: null,
        mediaDurationSec: 0,
        contentHeight: 0,
        windowHeight: 0,
      };
    },
  },
  methods: {
    rt(): Runtime {
      return (this as unknown as { runtime: Runtime }).runtime;
    },
    onLoad(query: Record<string, string | undefined>) {
      const step = fontStep();
      this.setData({ articleId: idFrom(query.id), fontStep: step, fontRpx: FONT_STEPS[step].rpx });
      return this.load();
    },
    onShow() {
      // Back from checkout or redeem: the article may be unlocked now.
      if (this.data.status === 'ok' && !this.data.granted) return this.load();
      this.rt().reporter?.start();
      if (this.data.paid) this.protect(true);
      return undefined;
    },
    onHide() {
      this.protect(false);
      return this.rt().reporter?.stop();
    },
    onUnload() {
      this.protect(false);
      return this.rt().reporter?.stop();
    },
    /** Paid pages: hidden from screenshots/recordings where supported; a recording pauses playback. */
    protect(on: boolean) {
      const rt = this.rt();
      hideFromCapture(on);
      rt.unwatchRecording?.();
      rt.unwatchRecording = on
        ? pauseOnRecording(() => {
            if (this.data.video) wx.createVideoContext('video', this).pause();
          })
        : null;
    },
    /** The masked nickname (or 学员) for the watermark; never blocks the page. */
    async loadWatermark() {
      const me = (await user.me().catch(() => null)) as (Awaited<ReturnType<typeof user.me>> & { id?: number }) | null;
      // TODO(contract): `id` once user.me sends the learner's number (issue 17 server part).
      const name = me?.nickname ? maskName(me.nickname) : me?.id ? `ID ${me.id}` : '学员';
      this.setData({ watermark: `${name} · 仅限本人观看` });
    },
    async load() {
      const articleId = this.data.articleId;
      if (!articleId) {
        this.setData({ status: 'error', message: '文章不存在或已下架' });
        return;
      }
      try {
        const [view, policy] = await Promise.all([access.article(articleId), purchasePolicy()]);
        // The column gives the purchase options, the title bar and "next"; progress gives the resume point.
        const [column, saved] = await Promise.all([
          catalog.column(view.article.columnId).catch(() => null),
          view.access.granted ? progress.get(articleId).catch(() => null) : Promise.resolve(null),
        ]);
        const all = column ? column.chapters.flatMap((ch) => ch.articles) : [];
        const at = all.findIndex((a) => a.id === articleId);
        const next = at >= 0 ? all[at + 1] : undefined;
        const prev = at > 0 ? all[at - 1] : undefined;
        const media = view.audio ?? view.video ?? null;
        const startSec = saved && media && saved.positionSec < media.durationSec - 3 ? saved.positionSec : 0;
        wx.setNavigationBarTitle({ title: view.article.title });
        this.setData({
          status: 'ok',
          article: view.article,
          html: view.html,
          granted: view.access.granted,
          accessLabel: ACCESS_LABELS[view.access.reason] ?? '',
          audio: view.audio ?? null,
          video: view.video ?? null,
          startSec,
          resumeHint: !media && !!saved && saved.percent > 5 && saved.percent < 95,
          resumePercent: saved?.percent ?? 0,
          columnTitle: column?.column.title ?? '',
          coverUrl: column ? assetUrl(column.column.cover) : '',
          publishedText: day(view.article.publishedAt),
          purchaseOptions: purchaseOptionsFor(view.article, column?.column ?? null),
          canBuy: policy.canBuy,
          guidance: policy.guidance,
          liked: view.liked ?? false,
          likeCount: view.likeCount ?? 0,
          favorited: view.favorited ?? false,
          nextArticleId: next?.id ?? 0,
          nextTitle: next?.title ?? '',
          prevArticleId: prev?.id ?? 0,
          prevTitle: prev?.title ?? '',
          toc: column
            ? column.chapters.map((ch) => ({
                id: ch.id,
                title: ch.title,
                articles: ch.articles.map((a) => ({ id: a.id, title: a.title, locked: a.locked, isFree: a.isFree })),
              }))
            : [],
        });
        const paid = view.access.granted && view.access.reason !== 'free';
        this.setData({ paid });
        if (paid) this.protect(true);
        if (paid && view.video) void this.loadWatermark();
        const rt = this.rt();
        rt.mediaDurationSec = media?.durationSec ?? 0;
        rt.mediaPositionSec = startSec || null;
        if (view.access.granted && !rt.reporter) {
          rt.reporter = new ProgressReporter(articleId, () => this.snapshot());
          rt.reporter.start();
        }
        this.measure();
      } catch (err) {
        this.setData(loadFailed(err));
      }
    },
    /** Content height for the scroll percent; measured after render. */
    measure() {
      const rt = this.rt();
      try {
        rt.windowHeight = wx.getWindowInfo ? wx.getWindowInfo().windowHeight : wx.getSystemInfoSync().windowHeight;
      } catch {
        rt.windowHeight = 0;
      }
      wx.createSelectorQuery()
        .select('.reader')
        .boundingClientRect((rect) => {
          const r = rect as WechatMiniprogram.BoundingClientRectCallbackResult | null;
          if (r && r.height) rt.contentHeight = r.height;
        })
        .exec();
    },
    /** Comments end the article: scrolling to the bottom brings the next page of them. */
    onReachBottom() {
      const list = this.selectComponent('#comments') as unknown as { loadMore?: () => Promise<void> } | null;
      return list?.loadMore?.();
    },
    onPageScroll(e: { scrollTop: number }) {
      const rt = this.rt();
      const scrollable = rt.contentHeight - rt.windowHeight;
      const percent = scrollable > 0 ? (e.scrollTop / scrollable) * 100 : 100;
      rt.scrollPercent = Math.max(rt.scrollPercent, Math.min(100, percent));
    },
    /** What the reporter sends: the further of reading and listening/watching. */
    snapshot() {
      const rt = this.rt();
      if (!this.data.granted) return null;
      const mediaPercent = rt.mediaPositionSec !== null && rt.mediaDurationSec ? (rt.mediaPositionSec / rt.mediaDurationSec) * 100 : 0;
      const snap: { percent: number; positionSec?: number } = { percent: Math.max(rt.scrollPercent, mediaPercent) };
      if (rt.mediaPositionSec !== null) snap.positionSec = rt.mediaPositionSec;
      return snap;
    },
    onMediaTime(e: WechatMiniprogram.CustomEvent<{ positionSec: number; durationSec: number }>) {
      this.rt().mediaPositionSec = e.detail.positionSec;
    },
    onVideoTime(e: WechatMiniprogram.CustomEvent<{ currentTime: number; duration: number }>) {
      const rt = this.rt();
      rt.mediaPositionSec = Math.floor(e.detail.currentTime);
      if (e.detail.duration) rt.mediaDurationSec = e.detail.duration;
    },
    onVideoEnded() {
      const rt = this.rt();
      rt.mediaPositionSec = rt.mediaDurationSec;
      void rt.reporter?.tick();
    },
    resumeScroll() {
      const rt = this.rt();
      const top = ((rt.contentHeight - rt.windowHeight) * this.data.resumePercent) / 100;
      wx.pageScrollTo({ scrollTop: Math.max(0, top), duration: 300 });
      this.setData({ resumeHint: false });
    },
    onBuy(e: WechatMiniprogram.CustomEvent<{ itemType: ItemType; itemId: number }>) {
      if (e.detail.itemType === 'membership') go(routes.membership());
      else go(routes.checkout(e.detail.itemType, e.detail.itemId));
    },
    toggleFontPanel() {
      this.setData({ fontPanel: !this.data.fontPanel });
    },
    setFont(e: WechatMiniprogram.BaseEvent) {
      const step = setFontStep(Number(e.currentTarget.dataset.step));
      this.setData({ fontStep: step, fontRpx: FONT_STEPS[step].rpx });
      // A different size changes the page height the scroll percent is measured against.
      this.measure();
    },
    openRedeem() {
      go(routes.redeem());
    },
    openColumn() {
      go(routes.column(this.data.article.columnId));
    },
    openNext() {
      if (this.data.nextArticleId) wx.redirectTo({ url: routes.article(this.data.nextArticleId) });
    },
    openPrev() {
      if (this.data.prevArticleId) wx.redirectTo({ url: routes.article(this.data.prevArticleId) });
    },
    async openToc() {
      this.setData({ tocOpen: true });
      if (this.data.tocLoaded) return;
      // Ticks only when asked for: one progress call per drawer, not per article opened.
      const columnId = this.data.article.columnId;
      const columnProgress = await progress.column(columnId).catch(() => null);
      const tocPercents = await progress.articlePercents(columnId, columnProgress).catch(() => ({}) as Record<number, number>);
      this.setData({ tocPercents, tocLoaded: true });
    },
    closeToc() {
      this.setData({ tocOpen: false });
    },
    onTocVisible(e: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!e.detail.visible) this.setData({ tocOpen: false });
    },
    openFromToc(e: WechatMiniprogram.BaseEvent) {
      const id = Number(e.currentTarget.dataset.id);
      this.setData({ tocOpen: false });
      if (id && id !== this.data.articleId) wx.redirectTo({ url: routes.article(id) });
    },
    async toggleLike() {
      const liked = !this.data.liked;
      const likeCount = Math.max(0, this.data.likeCount + (liked ? 1 : -1));
      this.setData({ liked, likeCount });
      try {
        const res = await user.likeArticle(this.data.articleId, liked);
        this.setData({ liked: res.liked, likeCount: res.likeCount ?? likeCount });
      } catch {
        this.setData({ liked: !liked, likeCount: this.data.likeCount - (liked ? 1 : -1) });
        wx.showToast({ title: '操作失败，请重试', icon: 'none' });
      }
    },
    async toggleFavorite() {
      const favorited = !this.data.favorited;
      this.setData({ favorited });
      try {
        await user.favorite(this.data.articleId, favorited);
        wx.showToast({ title: favorited ? '已收藏' : '已取消收藏', icon: 'none' });
      } catch {
        this.setData({ favorited: !favorited });
        wx.showToast({ title: '操作失败，请重试', icon: 'none' });
      }
    },
    onShareAppMessage() {
      // Share cards carry the title only: never the body or media.
      return { title: this.data.article.title, path: routes.article(this.data.articleId) };
    },
  },
});
