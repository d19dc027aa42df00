import * as access from '../../../services/access';
import * as catalog from '../../../services/catalog';
import * as orders from '../../../services/order';
import { payOrder, confirmPaid, type PayOutcome } from '../../../services/checkout';
import { toApiError } from '../../../services/errors';
import { purchasePolicy } from '../../../services/platform';
import { day, yuan } from '../../../utils/format';
import { go, idFrom, routes } from '../../../utils/nav';
import type { ItemType, Order } from '../../../services/types';

const TYPE_TEXT: Record<ItemType, string> = { article: '单篇文章', column: '专栏订阅', membership: '会员' };

const CREATE_ERRORS: Partial<Record<string, string>> = {
  ALREADY_OWNED: '你已拥有该内容，无需重复购买',
  NOT_FOR_SALE: '该内容暂不单独出售',
  NETWORK: '网络不给力，请检查网络后重试',
  UNAUTHENTICATED: '请先登录后再购买',
};

class CheckoutRefusal extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

/** What is being bought, read from the catalog: opening this page creates no order. */
async function describeItem(itemType: ItemType, itemId: number): Promise<{ title: string; amountFen: number }> {
  if (itemType === 'column') {
    const detail = await catalog.column(itemId);
    if (detail.owned) throw new CheckoutRefusal('ALREADY_OWNED');
    return { title: detail.column.title, amountFen: detail.column.priceFen };
  }
  if (itemType === 'article') {
    const view = await access.article(itemId);
    if (view.access.granted) throw new CheckoutRefusal('ALREADY_OWNED');
    if (view.article.priceFen === null || view.article.priceFen <= 0) throw new CheckoutRefusal('NOT_FOR_SALE');
    return { title: view.article.title, amountFen: view.article.priceFen };
  }
  const plan = (await catalog.plans()).find((p) => p.id === itemId);
  if (!plan) throw new CheckoutRefusal('NOT_FOR_SALE');
  return { title: plan.name, amountFen: plan.priceFen };
}

/**
 * Order confirm and payment. Opening the page only shows what is bought and its price; the
 * order is created when the learner taps 支付 — a learner who only looks leaves no pending
 * order behind. Then pay.prepay → wx.requestPayment → pay.confirm. order.create returns the same
 * pending order when repeated, so a cancelled sheet and a later visit pay the same order.
 */
Component({
  data: {
    status: 'loading' as 'loading' | 'ok' | 'error',
    message: '',
    itemType: 'column' as ItemType,
    itemId: 0,
    /** Empty until the learner taps 支付. */
    order: {} as Order,
    title: '',
    stage: 'unpaid' as 'unpaid' | 'confirming' | 'paid' | 'closed',
    paying: false,
    notice: '',
    noticeType: 'info' as 'info' | 'warn' | 'error',
    amountText: '',
    typeText: '',
    expiresText: '',
    awaitingCashier: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const itemType = (['article', 'column', 'membership'].includes(String(query.itemType)) ? query.itemType : 'column') as ItemType;
      this.setData({ itemType, itemId: idFrom(query.itemId) });
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
        const item = await describeItem(this.data.itemType, this.data.itemId);
        this.setData({
          status: 'ok',
          title: item.title,
          amountText: yuan(item.amountFen),
          typeText: TYPE_TEXT[this.data.itemType],
          order: {} as Order,
        });
      } catch (err) {
        const code = err instanceof CheckoutRefusal ? err.code : toApiError(err).code;
        this.setData({ status: 'error', message: CREATE_ERRORS[code] ?? toApiError(err).message });
      }
    },
    /** The order, created on the first tap on 支付 (the server sets the price). */
    async ensureOrder(): Promise<boolean> {
      if (this.data.order.orderNo) return true;
      try {
        this.show(await orders.create(this.data.itemType, this.data.itemId));
        return true;
      } catch (err) {
        const e = toApiError(err);
        if (e.code === 'ALREADY_OWNED' || e.code === 'NOT_FOR_SALE')
          this.setData({ status: 'error', message: CREATE_ERRORS[e.code] ?? e.message });
        else this.setData({ notice: CREATE_ERRORS[e.code] ?? e.message, noticeType: 'error' });
        return false;
      }
    },
    show(order: Order) {
      this.setData({
        order,
        title: order.title,
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
        if (!(await this.ensureOrder())) return;
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
          default:
            this.setData({ notice: e.message, noticeType: 'error' });
        }
      } finally {
        this.setData({ paying: false });
      }
    },
    async refresh() {
      try {
        this.applyOutcome(await confirmPaid(this.data.order.orderNo));
      } catch (err) {
        this.setData({ notice: toApiError(err).message, noticeType: 'error' });
      }
    },
    async cancelOrder() {
      if (!this.data.order.orderNo) {
        wx.navigateBack({ delta: 1 });
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
