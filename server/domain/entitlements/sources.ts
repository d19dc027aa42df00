/** Where an entitlement came from: a paid order, a redeem code, a creator's manual grant, or a claimed gift. */
export const ENTITLEMENT_SOURCES = ['order', 'redeem', 'grant', 'gift'] as const;
export type EntitlementSource = (typeof ENTITLEMENT_SOURCES)[number];
export const ENTITLEMENT_SOURCE_LABELS: Record<EntitlementSource, string> = {
  order: '购买',
  redeem: '兑换码',
  grant: '手动开通',
  gift: '礼物领取',
};
