import { assetUrl } from '../../../services/api';
import * as catalog from '../../../services/catalog';
import * as progress from '../../../services/progress';
import { canBuyAt, purchasePolicy } from '../../../services/platform';
import { percentOf, yuan } from '../../../utils/format';
import { go, idFrom, routes } from '../../../utils/nav';
import { loadFailed } from '../../../utils/page';
import type { ColumnDetail } from '../../../services/types';

Component({
  data: {
    status: 'loading' as 'loading' | 'ok' | 'error',
    message: '',
    columnId: 0,
    column: {} as ColumnDetail['column'],
    chapters: [] as ColumnDetail['chapters'],
    owned: false,
    progress: null as ColumnDetail['progress'] | null,
    progressPercent: 0,
    lastArticleId: 0,
    /** articleId → percent read, for the ticks in the table of contents. */
    percents: {} as Record<number, number>,
    coverUrl: '',
    priceText: '',
    canBuy: true,
    guidance: '',
    loaded: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ columnId: idFrom(query.id) });
      return this.load();
    },
    async onPullDownRefresh() {
      await this.load();
      wx.stopPullDownRefresh();
    },
    onShow() {
      // Coming back from checkout or the reader: ownership and progress may have changed.
      if (this.data.loaded) return this.load();
      return undefined;
    },
    async load() {
      if (!this.data.columnId) {
        this.setData({ status: 'error', message: '专栏不存在或已下架' });
        return;
      }
      try {
        const [detail, policy] = await Promise.all([catalog.column(this.data.columnId), purchasePolicy()]);
        // "Continue" needs the last article read; a learner without history simply starts at the top.
        const columnProgress = await progress.column(this.data.columnId).catch(() => null);
        const percents = await progress.articlePercents(this.data.columnId, columnProgress).catch(() => ({}) as Record<number, number>);
        // progress.column names the first article for a learner who has read nothing: that is a
        // place to start, not "you are here", so nothing is marked until something was read.
        const started = !!columnProgress && (columnProgress.completed > 0 || Object.keys(percents).length > 0);
        wx.setNavigationBarTitle({ title: detail.column.title });
        this.setData({
          status: 'ok',
          loaded: true,
          column: detail.column,
          chapters: detail.chapters,
          owned: detail.owned,
          progress: detail.progress ?? null,
          progressPercent: percentOf(detail.progress?.rate),
          lastArticleId: started ? (columnProgress?.lastArticleId ?? 0) : 0,
          percents,
          coverUrl: assetUrl(detail.column.cover),
          priceText: yuan(detail.column.priceFen),
          // iOS virtual payment (Apple) takes nothing below ¥1: below that the guidance shows.
          canBuy: canBuyAt(policy, detail.column.priceFen),
          guidance: policy.guidance,
        });
      } catch (err) {
        this.setData(loadFailed(err));
      }
    },
    firstArticleId(): number {
      const all = this.data.chapters.flatMap((ch) => ch.articles);
      const pick = this.data.owned ? all[0] : (all.find((a) => !a.locked) ?? all[0]);
      return pick ? pick.id : 0;
    },
    continueLearning() {
      const id = this.data.lastArticleId || this.firstArticleId();
      if (id) go(routes.article(id));
    },
    buyColumn() {
      go(routes.checkout('column', this.data.columnId));
    },
    joinMembership() {
      go(routes.membership());
    },
    openRedeem() {
      go(routes.redeem());
    },
    onShareAppMessage() {
      return { title: this.data.column.title, path: routes.column(this.data.columnId) };
    },
  },
});
