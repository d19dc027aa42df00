import type { ItemType } from '../services/types';

/** Every page path in one place, so a renamed page breaks one file and its tests. */
export const routes = {
  home: () => '/pages/home/index/index',
  column: (id: number) => `/pages/column/detail/index?id=${id}`,
  article: (id: number) => `/pages/reader/article/index?id=${id}`,
  membership: () => '/pages/membership/index/index',
  checkout: (itemType: ItemType, itemId: number) => `/pages/order/confirm/index?itemType=${itemType}&itemId=${itemId}`,
  cashier: (orderNo: string, url: string) => `/pages/order/cashier/index?orderNo=${orderNo}&url=${encodeURIComponent(url)}`,
  webview: (url: string) => `/pages/order/webview/index?url=${encodeURIComponent(url)}`,
  my: () => '/pages/my/index/index',
  purchased: () => '/pages/purchased/index/index',
  search: () => '/pages/discover/search/index',
  columns: () => '/pages/discover/columns/index',
  orders: () => '/pages/account/orders/index',
  favorites: () => '/pages/account/favorites/index',
  redeem: () => '/pages/account/redeem/index',
  giftCheckout: (itemType: ItemType, itemId: number) => `/pages/order/confirm/index?itemType=${itemType}&itemId=${itemId}&gift=1`,
  coupons: () => '/pages/growth/coupons/index',
  giftSend: (orderNo: string) => `/pages/growth/gift/index?orderNo=${orderNo}`,
  giftClaim: (token: string) => `/pages/growth/claim/index?token=${token}`,
  referral: () => '/pages/growth/referral/index',
  terms: (kind: 'userAgreement' | 'privacyPolicy' | 'purchaseTerms') => `/pages/my/terms/index?kind=${kind}`,
};

/** The native tab bar's pages (app.json tabBar): reached with switchTab, which takes no query. */
export const TAB_ROUTES = ['/pages/home/index/index', '/pages/purchased/index/index', '/pages/my/index/index'];

export function go(url: string): void {
  if (TAB_ROUTES.includes(url)) wx.switchTab({ url });
  else wx.navigateTo({ url });
}

/** Reads a numeric id from page options; NaN-safe. */
export function idFrom(value: string | undefined): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : 0;
}
