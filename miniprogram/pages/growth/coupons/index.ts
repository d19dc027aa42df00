import { claimableCoupons, claimCoupon, couponText, myCoupons } from '../../../services/growth';
import { toApiError } from '../../../services/errors';
import { day } from '../../../utils/format';

const STATUS_TEXT: Record<string, string> = { unused: '可使用', locked: '待支付订单占用中', used: '已使用', expired: '已过期' };
const CLAIM_ERRORS: Partial<Record<string, string>> = {
  COUPON_SOLD_OUT: '来晚了，优惠券已被领完',
  COUPON_LIMIT_REACHED: '你已领过这张优惠券',
  COUPON_EXPIRED: '优惠券不在领取时间内',
  NETWORK: '网络不给力，请稍后重试',
};

type Card = { id: number; title: string; value: string; rule: string; until: string; statusText: string; status: string; taken?: boolean };

/** 我的优惠券 + 领券: claimable coupons on top, the learner's own below with their status. */
Component({
  data: { status: 'loading' as 'loading' | 'ok' | 'error', message: '', claimable: [] as Card[], mine: [] as Card[], busy: 0 },
  methods: {
    onLoad() {
      return this.load();
    },
    async load() {
      try {
        const [claimable, mine] = await Promise.all([claimableCoupons(), myCoupons()]);
        const until = (endsAt: string | null) => (endsAt ? `${day(endsAt)} 到期` : '长期有效');
        // A coupon the learner already holds as often as allowed shows 已领取 instead of the button.
        const held = new Map<number, number>();
        for (const u of mine.items) held.set(u.coupon.id, (held.get(u.coupon.id) ?? 0) + 1);
        this.setData({
          status: 'ok',
          claimable: claimable.items.map((c) => ({
            id: c.id,
            title: c.title,
            ...couponText(c),
            until: until(c.endsAt),
            statusText: '',
            status: '',
            taken: (held.get(c.id) ?? 0) >= c.perUserLimit,
          })),
          mine: mine.items.map((u) => ({
            id: u.id,
            title: u.coupon.title,
            ...couponText(u.coupon),
            until: until(u.coupon.endsAt),
            statusText: STATUS_TEXT[u.status] ?? u.status,
            status: u.status,
          })),
        });
      } catch (err) {
        this.setData({ status: 'error', message: toApiError(err).message });
      }
    },
    async claim(e: WechatMiniprogram.TouchEvent) {
      const id = Number(e.currentTarget.dataset.id);
      if (!id || this.data.busy) return;
      this.setData({ busy: id });
      try {
        await claimCoupon(id);
        wx.showToast({ title: '领取成功', icon: 'success' });
        await this.load();
      } catch (err) {
        const e2 = toApiError(err);
        wx.showToast({ title: CLAIM_ERRORS[e2.code] ?? e2.message, icon: 'none' });
      } finally {
        this.setData({ busy: 0 });
      }
    },
  },
});
