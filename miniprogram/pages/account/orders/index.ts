import * as orders from '../../../services/order';
import { day, yuan } from '../../../utils/format';
import { go, routes } from '../../../utils/nav';
import { pagedListData, pagedListMethods } from '../../../utils/paged-list';
import type { ItemType, Order, OrderStatus } from '../../../services/types';

const STATUS_TEXT: Record<OrderStatus, string> = { pending: '待支付', paid: '已支付', closed: '已关闭', refunded: '已退款' };
type Row = Order & { statusText: string; amountText: string; timeText: string };
const toRow = (o: Order): Row => ({ ...o, statusText: STATUS_TEXT[o.status], amountText: yuan(o.amountFen), timeText: day(o.createdAt) });

Component({
  data: pagedListData<Row>(),
  methods: {
    ...pagedListMethods((cursor) => orders.list(cursor ? { cursor } : {}), toRow, '还没有订单'),
    payAgain(e: WechatMiniprogram.TouchEvent) {
      const { type, id } = e.currentTarget.dataset as { type: ItemType; id: number };
      // order.create returns the same pending order, so this resumes it rather than duplicating.
      go(routes.checkout(type, Number(id)));
    },
  },
});
