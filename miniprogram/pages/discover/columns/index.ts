import * as catalog from '../../../services/catalog';
import { purchasePolicy } from '../../../services/platform';
import { pagedListData, pagedListMethods } from '../../../utils/paged-list';
import type { ColumnCard } from '../../../services/types';

const list = pagedListMethods<ColumnCard, ColumnCard>(
  (cursor) => catalog.columns(cursor),
  (c) => c,
  '还没有上架的专栏',
);

/** Every published column, a page at a time as the learner scrolls (catalog.columns). */
Component({
  data: { ...pagedListData<ColumnCard>(), canBuy: true },
  methods: {
    ...list,
    async onLoad() {
      const policy = await purchasePolicy();
      this.setData({ canBuy: policy.canBuy });
      return list.load.call(this as never);
    },
  },
});
