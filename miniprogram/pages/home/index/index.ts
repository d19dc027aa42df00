import * as catalog from '../../../services/catalog';
import { purchasePolicy } from '../../../services/platform';
import { go, routes } from '../../../utils/nav';
import { loadFailed, selectTab } from '../../../utils/page';
import type { ArticleCard, ColumnCard } from '../../../services/types';

Component({
  data: {
    status: 'loading' as 'loading' | 'ok' | 'empty' | 'error',
    message: '',
    columns: [] as ColumnCard[],
    latest: [] as ArticleCard[],
    canBuy: true,
  },
  methods: {
    onLoad() {
      return this.load();
    },
    onShow() {
      selectTab(this, 'home');
    },
    async onPullDownRefresh() {
      await this.load();
      wx.stopPullDownRefresh();
    },
    async load() {
      if (!this.data.columns.length) this.setData({ status: 'loading' });
      try {
        const [data, policy] = await Promise.all([catalog.home(), purchasePolicy()]);
        const empty = !data.columns.length && !data.latest.length;
        this.setData({
          status: empty ? 'empty' : 'ok',
          message: empty ? '内容正在准备中，敬请期待' : '',
          columns: data.columns,
          latest: data.latest,
          canBuy: policy.canBuy,
        });
      } catch (err) {
        this.setData(loadFailed(err));
      }
    },
    openMembership() {
      go(routes.membership());
    },
    openSearch() {
      go(routes.search());
    },
    openColumns() {
      go(routes.columns());
    },
    onShareAppMessage() {
      return { title: '一起来学习精选专栏', path: routes.home() };
    },
  },
});
