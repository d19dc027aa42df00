import type { ItemType } from '../../../../../services/types';

export interface PurchaseOption {
  key: string;
  itemType: ItemType;
  itemId: number;
  label: string;
  hint: string;
  priceText: string;
  primary?: boolean;
}

/**
 * The card under a paid article's preview: the ways to unlock it, or — where the purchase
 * policy hides buying (iOS) — the guidance text. The redeem-code entry is always there.
 */
Component({
  properties: {
    options: { type: Array, value: [] as PurchaseOption[] },
    canBuy: { type: Boolean, value: true },
    guidance: { type: String, value: '' },
  },
  methods: {
    choose(e: WechatMiniprogram.TouchEvent) {
      const option = (this.data.options as PurchaseOption[])[Number(e.currentTarget.dataset.index)];
      if (option) this.triggerEvent('buy', { itemType: option.itemType, itemId: option.itemId });
    },
    redeem() {
      this.triggerEvent('redeem');
    },
  },
});
