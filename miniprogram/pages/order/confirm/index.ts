import * as orders from '../../../services/order';
import { availableCoupons, couponOff, couponText, type UserCoupon } from '../../../services/growth';
import * as catalog from '../../../services/catalog';
import { payOrder, confirmPaid, type PayOutcome } from '../../../services/checkout';
import { toApiError } from '../../../services/errors';
import { canBuyAt, purchasePolicy } from '../../../services/platform';
import { day, yuan } from '../../../utils/format';
import { go, idFrom, routes } from '../../../utils/nav';
import type { ItemType, Order } from '../../../services/types';

const TYPE_TEXT: Record<ItemType, string> = { article: '单篇文章', column: '专栏订阅', membership: '会员' };

/**
 * Order confirm and payment: order.create (the server sets the price; repeating it returns the
 * same pending order) → pay.prepay → wx.requestPayment → pay.confirm. A cancelled sheet keeps
 * the order pending so the learner can pay again.
 */
Component({
  data: {
    status: 'loading' as 'loading' | 'ok' | 'error',
    message: '',
    itemType: 'column' as ItemType,
    itemId: 0,
    order: {} as Order,
    stage: 'unpaid' as 'unpaid' | 'confirming' | 'paid' | 'closed',
    paying: false,
    notice: '',
    noticeType: 'info' as 'info' | 'warn' | 'error',
    amountText: '',
    typeText: '',
    expiresText: '',
    awaitingCashier: false,
    // Gifts and coupons (issue 15): the best coupon is chosen by default; the learner may change it.
    isGift: false,
    coupons: [] as Array<{ id: number; title: string; value: string; rule: string; offText: string }>,
    userCouponId: 0,
    couponChosen: false,
    couponSheet: false,
    originalText: '',
    discountText: '',
    /** The purchase-terms version shown next to the pay button; tapping pay records it on the order. */
    termsVersion: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const itemType = (['article', 'column', 'membership'].includes(String(query.itemType)) ? query.itemType : 'column') as ItemType;
      this.setData({ itemType, itemId: idFrom(query.itemId), isGift: query.gift === '1' });
      return this.load();
    },
    onShow() {
      // Back from the sandbox cashier: ask the server whether the order is paid now.
      if (this.data.awaitingCashier) {
        this.setData({ awaitingCashier: false });
        return this.refresh();
      }
      return undefined;
    },
    async load() {
      this.setData({ status: 'loading' });
      try {
        const policy = await purchasePolicy();
        if (!policy.canBuy) {
          this.setData({ status: 'error', message: policy.guidance });
          return;
        }
        const [order, terms] = await Promise.all([this.createOrder(), catalog.terms().catch(() => null)]);
        this.setData({ termsVersion: terms?.purchaseTerms.version ?? '' });
        // iOS virtual payment goes through Apple, which takes nothing below ¥1.
        if (!canBuyAt(policy, order.amountFen)) {
          this.setData({ status: 'error', message: policy.guidance });
          return;
        }
        this.show(order);
        this.setData({ status: 'ok' });
      } catch (err) {
        const e = toApiError(err);
        const messages: Partial<Record<string, string>> = {
          ALREADY_OWNED: '你已拥有该内容，无需重复购买；想送给朋友可以选择“送给好友”',
          NOT_FOR_SALE: '该内容暂不单独出售',
          NETWORK: '网络不给力，请检查网络后重试',
          UNAUTHENTICATED: '请先登录后再购买',
        };
        this.setData({ status: 'error', message: messages[e.code] ?? e.message });
      }
    },
    /** Coupons usable on this item (best first, as the server orders them), then order.create with the chosen one. */
    async createOrder(): Promise<Order> {
      const { itemType, itemId } = this.data;
      let coupons: UserCoupon[] = [];
      try {
        coupons = (await availableCoupons(itemType, itemId)).items;
      } catch {
        // Coupons are a bonus: checkout still works without them.
      }
      const userCouponId = this.data.couponChosen ? this.data.userCouponId : (coupons[0]?.id ?? 0);
      const order = await orders.create(itemType, itemId, {
        ...(userCouponId ? { userCouponId } : {}),
        ...(this.data.isGift ? { asGift: true } : {}),
      });
      this.setData({
        userCouponId: order.userCouponId ?? 0,
        coupons: coupons.map((u) => ({
          id: u.id,
          title: u.coupon.title,
          ...couponText(u.coupon),
          offText: `-${yuan(couponOff(u.coupon, order.originalFen))}`,
        })),
      });
      return order;
    },
    openCoupons() {
      if (this.data.stage !== 'unpaid' || !this.data.coupons.length) return;
      this.setData({ couponSheet: true });
    },
    closeCoupons() {
      this.setData({ couponSheet: false });
    },
    /** Another coupon (or none, id 0): the server replaces the pending order and releases the old coupon. */
    async chooseCoupon(e: WechatMiniprogram.TouchEvent) {
      const id = Number(e.currentTarget.dataset.id) || 0;
      this.setData({ couponSheet: false, couponChosen: true, userCouponId: id });
      if (id === (this.data.order.userCouponId ?? 0)) return;
      try {
        this.show(await this.createOrder());
      } catch (err) {
        const e2 = toApiError(err);
        const messages: Partial<Record<string, string>> = {
          COUPON_LOCKED: '这张优惠券正被另一笔待支付订单使用，请先取消那笔订单',
          COUPON_EXPIRED: '优惠券已过期或已停用',
          COUPON_MIN_SPEND: e2.message,
          COUPON_NOT_APPLICABLE: '这张优惠券不适用于该商品',
        };
        this.setData({ notice: messages[e2.code] ?? e2.message, noticeType: 'error', couponChosen: false });
      }
    },
    sendGift() {
      go(routes.giftSend(this.data.order.orderNo));
    },
    show(order: Order) {
      this.setData({
        originalText: yuan(order.originalFen),
        discountText: order.discountFen > 0 ? `-${yuan(order.discountFen)}` : '',
        order,
        amountText: yuan(order.amountFen),
        typeText: TYPE_TEXT[order.itemType],
        expiresText: order.expiresAt ? `${day(order.expiresAt)} ${order.expiresAt.slice(11, 16)}` : '',
        stage:
          order.status === 'paid'
            ? 'paid'
            : order.status === 'pending'
              ? this.data.stage === 'confirming'
                ? 'confirming'
                : 'unpaid'
              : 'closed',
      });
    },
    applyOutcome(outcome: PayOutcome) {
      if (outcome.kind === 'cashier') {
        this.setData({ awaitingCashier: true, stage: 'confirming', notice: '请在收银台完成支付，返回后自动刷新', noticeType: 'info' });
        go(routes.cashier(this.data.order.orderNo, outcome.url));
        return;
      }
      this.show(outcome.order);
      if (outcome.kind === 'pending') {
        this.setData({ stage: 'confirming', notice: '支付结果确认中，请稍候刷新', noticeType: 'info' });
      } else {
        this.setData({ notice: '' });
      }
    },
    async pay() {
      if (this.data.paying) return;
      this.setData({ paying: true, notice: '' });
      try {
        // The learner pays next to the purchase terms (digital goods: no 7-day return): the order records that version.
        if (this.data.stage !== 'confirming' && this.data.termsVersion) {
          // The same coupon and gift choice as the pending order, or the create would replace it.
          const { order } = this.data;
          await orders.create(this.data.itemType, this.data.itemId, {
            ...(order.userCouponId ? { userCouponId: order.userCouponId } : {}),
            ...(order.isGift ? { asGift: true } : {}),
            termsVersion: this.data.termsVersion,
          });
        }
        this.applyOutcome(
          this.data.stage === 'confirming' ? await confirmPaid(this.data.order.orderNo) : await payOrder(this.data.order.orderNo),
        );
      } catch (err) {
        const e = toApiError(err);
        switch (e.code) {
          case 'PAY_CANCELLED':
            this.setData({ notice: '你已取消支付，订单为你保留，可随时继续支付', noticeType: 'warn' });
            break;
          case 'PAY_FAILED':
            this.setData({ notice: '支付未完成，请稍后重试或更换支付方式', noticeType: 'error' });
            break;
          case 'ORDER_NOT_PAYABLE':
            await this.refresh();
            if (this.data.stage !== 'paid') this.setData({ notice: '订单已失效，请重新下单', noticeType: 'error' });
            break;
          case 'NETWORK':
            this.setData({ notice: '网络不给力，请检查网络后重试', noticeType: 'error' });
            break;
          case 'CONFLICT': {
            // The purchase terms changed since the page loaded: show the new version before paying.
            const terms = await catalog.terms().catch(() => null);
            this.setData({ termsVersion: terms?.purchaseTerms.version ?? '', notice: e.message, noticeType: 'warn' });
            break;
          }
          default:
            this.setData({ notice: e.message, noticeType: 'error' });
        }
      } finally {
        this.setData({ paying: false });
      }
    },
    openTerms() {
      go(routes.terms('purchaseTerms'));
    },
    async refresh() {
      try {
        this.applyOutcome(await confirmPaid(this.data.order.orderNo));
      } catch (err) {
        this.setData({ notice: toApiError(err).message, noticeType: 'error' });
      }
    },
    async cancelOrder() {
      try {
        this.show(await orders.cancel(this.data.order.orderNo));
        wx.showToast({ title: '订单已取消', icon: 'none' });
        wx.navigateBack({ delta: 1 });
      } catch (err) {
        wx.showToast({ title: toApiError(err).message, icon: 'none' });
      }
    },
    recreate() {
      this.setData({ stage: 'unpaid' });
      return this.load();
    },
    done() {
      // The page we came from (column or reader) reloads on show and shows the unlocked content.
      wx.navigateBack({ delta: 1, fail: () => go(routes.home()) });
    },
  },
});
