import { config } from '../../../config/index';
import { assetUrl } from '../../../services/api';
import * as progress from '../../../services/progress';
import * as user from '../../../services/user';
import { toApiError } from '../../../services/errors';
import { day, studyTime } from '../../../utils/format';
import { go, routes } from '../../../utils/nav';
import { loadAndReloadOnShow, loadFailed, selectTab } from '../../../utils/page';
import type { ArticleCard, ItemType, Me, Purchase, Stats } from '../../../services/types';

const DEFAULT_AVATAR =
  'data:image/svg+xml;utf8,<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="5" fill="%23c9d3e6"/></svg>';
const TYPE_TEXT: Record<ItemType, string> = { article: '单篇', column: '专栏', membership: '会员' };

type PurchaseRow = Purchase & { typeText: string; expiresText: string };

/**
 * The learner's home: profile through the 头像昵称填写 components (chooseAvatar button and
 * nickname input — wx.getUserProfile no longer returns real data), membership, study stats,
 * continue-learning, purchases and the entries to orders, favorites and redeem codes.
 * Each section loads on its own so one slow or failing call never blanks the page.
 */
Component({
  data: {
    status: 'loading' as 'loading' | 'ok' | 'error',
    message: '',
    nickname: '',
    learnerNo: 0,
    avatarUrl: DEFAULT_AVATAR,
    membership: { active: false, expiresAt: null } as Me['membership'],
    memberText: '',
    stats: null as Stats | null,
    totalText: '',
    recent: [] as Array<{ id: number; article: ArticleCard; percent: number }>,
    purchases: [] as PurchaseRow[],
  },
  methods: {
    ...loadAndReloadOnShow,
    onShow() {
      selectTab(this, 'my');
      return loadAndReloadOnShow.onShow.call(this);
    },
    async onPullDownRefresh() {
      await this.load();
      wx.stopPullDownRefresh();
    },
    async load() {
      try {
        const me = await user.me();
        this.showMe(me);
        this.setData({ status: 'ok' });
      } catch (err) {
        this.setData(loadFailed(err));
        return;
      }
      const [stats, recent, purchases] = await Promise.allSettled([progress.stats(7), progress.recent(5), user.purchases()]);
      if (stats.status === 'fulfilled') this.setData({ stats: stats.value, totalText: studyTime(stats.value.totalSec) });
      if (recent.status === 'fulfilled')
        this.setData({ recent: recent.value.items.map((r) => ({ id: r.article.id, article: r.article, percent: r.percent })) });
      if (purchases.status === 'fulfilled') {
        this.setData({
          purchases: purchases.value.items.map((p) => ({
            ...p,
            typeText: TYPE_TEXT[p.itemType] ?? p.itemType,
            expiresText: p.expiresAt ? `${day(p.expiresAt)} 到期` : '永久',
          })),
        });
      }
    },
    showMe(me: Me) {
      this.setData({
        nickname: me.nickname,
        learnerNo: me.learnerNo,
        avatarUrl: me.avatar ? assetUrl(me.avatar) : DEFAULT_AVATAR,
        membership: me.membership,
        memberText: day(me.membership.expiresAt),
      });
    },
    async onChooseAvatar(e: WechatMiniprogram.CustomEvent<{ avatarUrl: string }>) {
      const temp = e.detail.avatarUrl;
      if (!temp) return;
      this.setData({ avatarUrl: temp });
      if (config.mode !== 'cloud') {
        // The local gateway has no upload endpoint and the server accepts only uploaded files.
        wx.showToast({ title: '本地模式：头像仅在本机显示', icon: 'none' });
        return;
      }
      try {
        const avatar = await user.uploadAvatar(temp);
        this.showMe(await user.updateProfile({ avatar }));
        wx.showToast({ title: '头像已更新', icon: 'none' });
      } catch (err) {
        wx.showToast({ title: toApiError(err).code === 'CONTENT_REJECTED' ? '头像未通过审核' : '头像保存失败', icon: 'none' });
      }
    },
    async onNickname(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const nickname = String(e.detail.value ?? '').trim();
      if (!nickname || nickname === this.data.nickname) return;
      try {
        this.showMe(await user.updateProfile({ nickname }));
        wx.showToast({ title: '昵称已更新', icon: 'none' });
      } catch (err) {
        const e2 = toApiError(err);
        wx.showToast({ title: e2.code === 'CONTENT_REJECTED' ? '昵称未通过安全审核' : e2.message, icon: 'none' });
      }
    },
    openArticle(e: WechatMiniprogram.TouchEvent) {
      go(routes.article(Number(e.currentTarget.dataset.id)));
    },
    openPurchase(e: WechatMiniprogram.TouchEvent) {
      const { type, id } = e.currentTarget.dataset as { type: ItemType; id: number };
      if (type === 'column') go(routes.column(Number(id)));
      else if (type === 'article') go(routes.article(Number(id)));
      else go(routes.membership());
    },
    openMembership() {
      go(routes.membership());
    },
    openOrders() {
      go(routes.orders());
    },
    openFavorites() {
      go(routes.favorites());
    },
    openRedeem() {
      go(routes.redeem());
    },
    openCoupons() {
      go(routes.coupons());
    },
    openReferral() {
      go(routes.referral());
    },
    openTerms(e: WechatMiniprogram.TouchEvent) {
      go(routes.terms(e.currentTarget.dataset.kind as 'userAgreement' | 'privacyPolicy' | 'purchaseTerms'));
    },
    /** 注销: a confirmation first; then the server removes personal data and ends the session. */
    deleteAccount() {
      wx.showModal({
        title: '注销账号',
        content:
          '注销后你的昵称、头像、收藏和学习记录将被删除且无法恢复，已购内容将无法再访问；订单仅为对账保留且不再关联你的微信账号。确定注销？',
        confirmText: '确认注销',
        confirmColor: '#e34d59',
        success: async (res) => {
          if (!res.confirm) return;
          try {
            await user.deleteAccount();
            wx.showToast({ title: '账号已注销', icon: 'none' });
            wx.reLaunch({ url: routes.home() });
          } catch (err) {
            wx.showToast({ title: toApiError(err).message, icon: 'none' });
          }
        },
      });
    },
  },
});
