import { assetUrl } from '../../services/api';
import { yuan } from '../../utils/format';
import { go, routes } from '../../utils/nav';
import { countdownText } from '../../utils/countdown';
import type { ColumnCard } from '../../services/types';

Component({
  properties: {
    column: { type: Object, value: {} as ColumnCard },
    /** False on iOS when the server's policy hides prices. */
    showPrice: { type: Boolean, value: true },
  },
  data: { coverUrl: '', priceText: '', listText: '', countdown: '' },
  observers: {
    column(column: ColumnCard) {
      // A live limited-time price shows instead of the list price, with the list price struck through and a countdown.
      const promo = column?.promoPriceFen !== undefined && column?.promoPriceFen !== null;
      this.setData({
        coverUrl: assetUrl(column?.cover),
        priceText: promo ? yuan(column.promoPriceFen!) : column?.priceFen ? yuan(column.priceFen) : '免费',
        listText: promo ? yuan(column.priceFen) : '',
        // Computed when the card renders (the home page reloads on show); no timer per card.
        countdown: promo ? countdownText(column.promoEndsAt) : '',
      });
    },
  },
  methods: {
    open() {
      go(routes.column(this.data.column.id));
    },
  },
});
