import * as orders from '../../../services/order';
import { availableCoupons, couponOff, couponText, type UserCoupon } from '../../../services/growth';
import * as catalog from '../../../services/catalog';
import { payOrder, confirmPaid, type PayOutcome } from '../../../services/checkout';
import { toApiError } from '../../../services/errors';
import { canBuyAt, purchasePolicy } from '../../../services/platform';
import { day, yuan } from '../../../utils/format';
import { go, idFrom, routes } from '../../../utils/nav';
import type { ItemType, Order } from '../../../services/types';
import type { ActionOutput } from '../../../services/contract.gen';

const TYPE_TEXT: Record<ItemType, string> = { article: '单篇文章', column: '专栏订阅', membership: '会员' };

type Quote = ActionOutput<'order', 'quote'>;

/**
 * Order confirm and payment. Opening the page only asks order.quote (the server's price with the
 * chosen coupon; nothing is created or locked); tapping pay runs order.create (the server sets the
 * price; repeating it returns the same pending order) → pay.prepay → wx.requestPayment →
 * pay.confirm. A cancelled sheet keeps the order pending so the learner can pay again.
 */
Component({
  data: {
    status: 'loading' as 'loading' | 'ok' | 'error',
    message: '',
    itemType: 'column' as ItemType,
    itemId: 0,
    /** The pending order, once the learner has tapped pay (none before: opening checkout creates nothing). */
    order: {} as Order,
    title: '',
    /** The amount shown (quote, then the order): a create that charges otherwise is shown before paying. */
    amountFen: 0,
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
        const [quote, terms] = await Promise.all([this.quote(), catalog.terms().catch(() => null)]);
        this.setData({ termsVersion: terms?.purchaseTerms.version ?? '' });
        // iOS virtual payment goes through Apple, which takes nothing below ¥1.
        if (!canBuyAt(policy, quote.amountFen)) {
          this.setData({ status: 'error', message: policy.guidance });
          return;
        }
        this.showQuote(quote);
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
    /** Coupons usable on this item (best first, as the server orders them), then order.quote with the chosen one. */
    async quote(): Promise<Quote> {
      const { itemType, itemId } = this.data;
      let coupons: UserCoupon[] = [];
      try {
        coupons = (await availableCoupons(itemType, itemId)).items;
      } catch {
        // Coupons are a bonus: checkout still works without them.
      }
      const userCouponId = this.data.couponChosen ? this.data.userCouponId : (coupons[0]?.id ?? 0);
      const quote = await orders.quote(itemType, itemId, {
        ...(userCouponId ? { userCouponId } : {}),
        ...(this.data.isGift ? { asGift: true } : {}),
      });
      this.setData({
        userCouponId: quote.userCouponId ?? 0,
        coupons: coupons.map((u) => ({
          id: u.id,
          title: u.coupon.title,
          ...couponText(u.coupon),
          offText: `-${yuan(couponOff(u.coupon, quote.originalFen))}`,
        })),
      });
      return quote;
    },
    showQuote(quote: Quote) {
      this.setData({
        title: quote.title,
        originalText: yuan(quote.originalFen),
        discountText: quote.discountFen > 0 ? `-${yuan(quote.discountFen)}` : '',
        amountFen: quote.amountFen,
        amountText: yuan(quote.amountFen),
        typeText: TYPE_TEXT[this.data.itemType],
      });
    },
    openCoupons() {
      if (this.data.stage !== 'unpaid' || !this.data.coupons.length) return;
      this.setData({ couponSheet: true });
    },
    closeCoupons() {
      this.setData({ couponSheet: false });
    },
    /** Another coupon (or none, id 0): re-quoted now; paying then replaces any pending order (releasing its coupon). */
    async chooseCoupon(e: WechatMiniprogram.TouchEvent) {
      const id = Number(e.currentTarget.dataset.id) || 0;
      const before = this.data.userCouponId;
      this.setData({ couponSheet: false, couponChosen: true, userCouponId: id });
      if (id === before) return;
      try {
        this.showQuote(await this.quote());
      } catch (err) {
        const e2 = toApiError(err);
        const messages: Partial<Record<string, string>> = {
          COUPON_LOCKED: '这张优惠券正被另一笔待支付订单使用，请先取消那笔订单',
          COUPON_EXPIRED: '优惠券已过期或已停用',
          COUPON_MIN_SPEND: e2.message,
          COUPON_NOT_APPLICABLE: '这张优惠券不适用于该商品',
        };
        this.setData({ notice: messages[e2.code] ?? e2.message, noticeType: 'error', couponChosen: false, userCouponId: before });
      }
    },
    sendGift() {
      go(routes.giftSend(this.data.order.orderNo));
    },
    show(order: Order) {
      this.setData({
        title: order.title,
        originalText: yuan(order.originalFen),
        discountText: order.discountFen > 0 ? `-${yuan(order.discountFen)}` : '',
        order,
        userCouponId: order.userCouponId ?? 0,
        amountFen: order.amountFen,
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
        // The order is created only now, when the learner taps pay, with the coupon and gift choice on screen; it
        // records the purchase terms shown next to the button (digital goods: no 7-day return). A repeat tap returns
        // the same pending order.
        if (this.data.stage !== 'confirming') {
          const shownFen = this.data.amountFen;
          const { userCouponId, isGift, termsVersion } = this.data;
          const order = await orders.create(this.data.itemType, this.data.itemId, {
            ...(userCouponId ? { userCouponId } : {}),
            ...(isGift ? { asGift: true } : {}),
            ...(termsVersion ? { termsVersion } : {}),
          });
          this.show(order);
          if (order.status !== 'pending') return;
          // The price moved between the quote and the tap (a limited-time price ended): show it before charging it.
          if (order.amountFen !== shownFen) {
            this.setData({ notice: `价格已更新为 ${yuan(order.amountFen)}，请确认后再支付`, noticeType: 'warn' });
            return;
          }
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
          case 'ALREADY_OWNED':
            this.setData({ notice: '你已拥有该内容，无需重复购买', noticeType: 'warn' });
            break;
          case 'COUPON_LOCKED':
            this.setData({ notice: '这张优惠券正被另一笔待支付订单使用，请先取消那笔订单', noticeType: 'error' });
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
      // No order yet (the learner has not tapped pay): there is nothing to cancel, just leave.
      if (!this.data.order.orderNo) {
        wx.navigateBack({ delta: 1, fail: () => go(routes.home()) });
        return;
      }
      try {
        this.show(await orders.cancel(this.data.order.orderNo));
        wx.showToast({ title: '订单已取消', icon: 'none' });
        wx.navigateBack({ delta: 1 });
      } catch (err) {
        wx.showToast({ title: toApiError(err).message, icon: 'none' });
      }
    },
    recreate() {
      this.setData({ stage: 'unpaid', order: {} as Order, notice: '' });
      return this.load();
    },
    done() {
      // The page we came from (column or reader) reloads on show and shows the unlocked content.
      wx.navigateBack({ delta: 1, fail: () => go(routes.home()) });
    },
  },
});
