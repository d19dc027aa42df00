import * as orders from '../../../services/order';
import { day, yuan } from '../../../utils/format';
import { go, routes } from '../../../utils/nav';
import { pagedListData, pagedListMethods } from '../../../utils/paged-list';
import type { ItemType, Order, OrderStatus } from '../../../services/types';

const STATUS_TEXT: Record<OrderStatus, string> = { pending: '待支付', paid: '已支付', closed: '已关闭', refunded: '已退款' };
type Row = Order & { statusText: string; amountText: string; timeText: string; discountText: string };
const toRow = (o: Order): Row => ({
  ...o,
  statusText: STATUS_TEXT[o.status],
  amountText: yuan(o.amountFen),
  timeText: day(o.createdAt),
  discountText: o.discountFen > 0 ? `已优惠 ${yuan(o.discountFen)}` : '',
});

Component({
  data: pagedListData<Row>(),
  methods: {
    ...pagedListMethods((cursor) => orders.list(cursor ? { cursor } : {}), toRow, '还没有订单'),
    payAgain(e: WechatMiniprogram.TouchEvent) {
      const { type, id } = e.currentTarget.dataset as { type: ItemType; id: number };
      // order.create returns the same pending order, so this resumes it rather than duplicating.
      go(
        this.data.items.find((o) => o.itemType === type && o.itemId === Number(id) && o.status === 'pending')?.isGift
          ? routes.giftCheckout(type, Number(id))
          : routes.checkout(type, Number(id)),
      );
    },
    /** A paid gift: its claim link and whether the friend has claimed it. */
    openGift(e: WechatMiniprogram.TouchEvent) {
      go(routes.giftSend(String(e.currentTarget.dataset.orderNo)));
    },
  },
});
