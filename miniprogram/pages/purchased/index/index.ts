import * as progress from '../../../services/progress';
import * as user from '../../../services/user';
import { day, percentOf } from '../../../utils/format';
import { go, routes } from '../../../utils/nav';
import { loadFailed, selectTab } from '../../../utils/page';
import type { ItemType, Purchase } from '../../../services/types';

const TYPE_TEXT: Record<ItemType, string> = { article: '单篇', column: '专栏', membership: '会员' };
const SOURCE_TEXT: Record<string, string> = { order: '已购买', redeem: '兑换码', grant: '赠送', gift: '赠送' };

interface Row extends Purchase {
  key: string;
  typeText: string;
  sourceText: string;
  expiresText: string;
  /** Column rows: completed/total and where to continue. */
  progressText: string;
  percent: number;
  continueId: number;
}

/**
 * 已购 (a tab): everything the learner holds — columns first with their study progress and a
 * 继续学习 that opens the lesson to continue, then single articles and membership.
 */
Component({
  data: {
    status: 'loading' as 'loading' | 'ok' | 'empty' | 'error',
    message: '',
    items: [] as Row[],
  },
  methods: {
    onLoad() {
      return this.load();
    },
    onShow() {
      selectTab(this, 'purchased');
      // Back from checkout or a redeem code: there may be more now.
      return this.data.status === 'loading' ? undefined : this.load();
    },
    async onPullDownRefresh() {
      await this.load();
      wx.stopPullDownRefresh();
    },
    async load() {
      try {
        const { items } = await user.purchases();
        const order: ItemType[] = ['column', 'article', 'membership'];
        const sorted = [...items].sort((a, b) => order.indexOf(a.itemType) - order.indexOf(b.itemType));
        // A learner holds a handful of columns; one progress call each is cheap and runs in parallel.
        const progresses = await Promise.all(
          sorted.map((p) => (p.itemType === 'column' ? progress.column(p.itemId).catch(() => null) : Promise.resolve(null))),
        );
        const rows: Row[] = sorted.map((p, i) => {
          const cp = progresses[i];
          const started = !!cp && (cp.completed > 0 || cp.rate > 0);
          return {
            ...p,
            key: `${p.itemType}-${p.itemId}`,
            typeText: TYPE_TEXT[p.itemType] ?? p.itemType,
            sourceText: SOURCE_TEXT[p.source] ?? '',
            expiresText: p.expiresAt ? `${day(p.expiresAt)} 到期` : '长期有效',
            progressText: cp ? `已学 ${cp.completed}/${cp.total} 讲` : '',
            percent: cp ? percentOf(cp.rate) : 0,
            continueId: started && cp?.lastArticleId ? cp.lastArticleId : 0,
          };
        });
        this.setData({ status: rows.length ? 'ok' : 'empty', message: '还没有已购内容，去首页看看吧', items: rows });
      } catch (err) {
        this.setData(loadFailed(err));
      }
    },
    open(e: WechatMiniprogram.BaseEvent) {
      const { type, id } = e.currentTarget.dataset as { type: ItemType; id: number };
      if (type === 'column') go(routes.column(Number(id)));
      else if (type === 'article') go(routes.article(Number(id)));
      else go(routes.membership());
    },
    continueAt(e: WechatMiniprogram.BaseEvent) {
      go(routes.article(Number(e.currentTarget.dataset.id)));
    },
  },
});
