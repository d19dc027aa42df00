import * as orders from '../../../services/order';
import { toApiError } from '../../../services/errors';
import { day, yuan } from '../../../utils/format';
import { go, routes } from '../../../utils/nav';
import type { ItemType, Order, OrderStatus } from '../../../services/types';

const STATUS_TEXT: Record<OrderStatus, string> = { pending: '待支付', paid: '已支付', closed: '已关闭', refunded: '已退款' };
type Row = Order & { statusText: string; amountText: string; timeText: string };
const toRow = (o: Order): Row => ({ ...o, statusText: STATUS_TEXT[o.status], amountText: yuan(o.amountFen), timeText: day(o.createdAt) });

Component({
  data: { status: 'loading' as 'loading' | 'ok' | 'empty' | 'error', message: '', items: [] as Row[], nextCursor: null as string | null },
  methods: {
    onLoad() {
      return this.load();
    },
    async load() {
      try {
        const page = await orders.list();
        this.setData({ status: page.items.length ? 'ok' : 'empty', message: '还没有订单', items: page.items.map(toRow), nextCursor: page.nextCursor });
      } catch (err) {
        this.setData({ status: 'error', message: toApiError(err).message });
      }
    },
    async loadMore() {
      if (!this.data.nextCursor) return;
      try {
        const page = await orders.list({ cursor: this.data.nextCursor });
        this.setData({ items: [...this.data.items, ...page.items.map(toRow)], nextCursor: page.nextCursor });
      } catch {
        wx.showToast({ title: '加载失败', icon: 'none' });
      }
    },
    payAgain(e: WechatMiniprogram.TouchEvent) {
      const { type, id } = e.currentTarget.dataset as { type: ItemType; id: number };
      // order.create returns the same pending order, so this resumes it rather than duplicating.
      go(routes.checkout(type, Number(id)));
    },
  },
});
