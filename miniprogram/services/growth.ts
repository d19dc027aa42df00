import { call } from './api';
import type { ActionOutput } from './contract.gen';
import type { ItemType } from './types';

/** Coupons, gifts and referral: thin wrappers over the `coupon`, `gift` and `referral` functions. */
export type UserCoupon = ActionOutput<'coupon', 'mine'>['items'][number];
export type Coupon = UserCoupon['coupon'];
export type Gift = ActionOutput<'gift', 'get'>;
export type ReferralMe = ActionOutput<'referral', 'me'>;

export const availableCoupons = (itemType: ItemType, itemId: number) => call('coupon', 'available', { itemType, itemId });
export const myCoupons = () => call('coupon', 'mine', {});
export const claimableCoupons = () => call('coupon', 'claimable', {});
export const claimCoupon = (couponId: number) => call('coupon', 'claim', { couponId });

export const getGift = (orderNo: string) => call('gift', 'get', { orderNo });
export const previewGift = (token: string) => call('gift', 'preview', { token });
export const claimGift = (token: string) => call('gift', 'claim', { token });

export const referralMe = () => call('referral', 'me', {});
export const bindReferral = (code: string) => call('referral', 'bind', { code });
export const referralPoster = () => call('referral', 'poster', {});

/** "满 50 减 10" / "8 折" / "无门槛减 5 元": how a coupon reads on a card. */
export function couponText(c: Coupon): { value: string; rule: string } {
  const value =
    c.discount.type === 'amount'
      ? `¥${(c.discount.amountFen / 100).toFixed(c.discount.amountFen % 100 ? 2 : 0)}`
      : `${(100 - c.discount.percentOff) / 10} 折`;
  const rule = c.minSpendFen > 0 ? `满 ${(c.minSpendFen / 100).toFixed(c.minSpendFen % 100 ? 2 : 0)} 元可用` : '无门槛';
  return { value, rule };
}

/** What a coupon takes off `originalFen` (the server decides the real price; this is the label only). */
export function couponOff(c: Coupon, originalFen: number): number {
  const off =
    c.discount.type === 'amount' ? Math.min(c.discount.amountFen, originalFen) : Math.floor((originalFen * c.discount.percentOff) / 100);
  return Math.min(off, Math.max(0, originalFen - 1));
}

const REF_KEY = 'pendingReferralCode';

/**
 * A referral code arrives in a share link (`?ref=CODE`) or a poster's mini program code
 * (`scene=r%3DCODE`). It is bound once, silently; the server keeps the first binding, so
 * trying again on every launch is harmless. A failed bind (offline) is retried next launch.
 */
export function referralCodeFrom(query: Record<string, string | undefined> | undefined): string | null {
  if (!query) return null;
  if (query.ref) return String(query.ref);
  if (query.scene) {
    const scene = decodeURIComponent(String(query.scene));
    const m = /(?:^|&)r=([0-9A-Za-z]+)/.exec(scene);
    if (m) return m[1]!;
  }
  return null;
}

export async function bindPendingReferral(query?: Record<string, string | undefined>): Promise<void> {
  const code = referralCodeFrom(query) ?? (wx.getStorageSync(REF_KEY) as string) ?? '';
  if (!code) return;
  wx.setStorageSync(REF_KEY, code);
  try {
    await bindReferral(code);
    wx.removeStorageSync(REF_KEY);
  } catch (err) {
    // Own code, unknown code: nothing to retry. A network failure keeps it for the next launch.
    if ((err as { code?: string }).code !== 'NETWORK') wx.removeStorageSync(REF_KEY);
  }
}
