import { assetUrl } from '../../services/api';
import { yuan } from '../../utils/format';
import { go, routes } from '../../utils/nav';
import type { ColumnCard } from '../../services/types';

Component({
  properties: {
    column: { type: Object, value: {} as ColumnCard },
    /** False on iOS when the server's policy hides prices. */
    showPrice: { type: Boolean, value: true },
  },
  data: { coverUrl: '', priceText: '' },
  observers: {
    column(column: ColumnCard) {
      this.setData({ coverUrl: assetUrl(column?.cover), priceText: column?.priceFen ? yuan(column.priceFen) : '免费' });
    },
  },
  methods: {
    open() {
      go(routes.column(this.data.column.id));
    },
  },
});
