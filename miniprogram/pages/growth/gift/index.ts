import { getGift, type Gift } from '../../../services/growth';
import { toApiError } from '../../../services/errors';
import { day } from '../../../utils/format';
import { routes } from '../../../utils/nav';

/**
 * The buyer's gift card: whether the friend has claimed it, and the share button. The share
 * card carries the single-use claim link; sharing is never rewarded or forced (WECHAT-FACTS.md).
 */
Component({
  data: { status: 'loading' as 'loading' | 'ok' | 'error', message: '', orderNo: '', gift: null as Gift | null, claimedText: '' },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ orderNo: String(query.orderNo ?? '') });
      return this.load();
    },
    onShow() {
      return this.data.gift ? this.load() : undefined;
    },
    async load() {
      try {
        const gift = await getGift(this.data.orderNo);
        this.setData({ status: 'ok', gift, claimedText: gift.claimedAt ? `${day(gift.claimedAt)} 已被领取` : '' });
      } catch (err) {
        const e = toApiError(err);
        this.setData({ status: 'error', message: e.code === 'ORDER_NOT_PAYABLE' ? '礼物订单还未支付' : e.message });
      }
    },
    onShareAppMessage() {
      const gift = this.data.gift;
      return {
        title: gift ? `送你一份《${gift.title}》，点开即可领取` : '送你一份好课',
        path: gift ? routes.giftClaim(gift.claimToken) : routes.home(),
      };
    },
  },
});
