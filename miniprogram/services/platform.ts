import { clientConfig } from './catalog';
import type { ClientConfig } from './types';

function systemPlatform(): string {
  try {
    const info = typeof wx.getDeviceInfo === 'function' ? wx.getDeviceInfo() : wx.getSystemInfoSync();
    return String(info.platform || '').toLowerCase();
  } catch {
    return '';
  }
}

export const isIOS = () => systemPlatform() === 'ios';

export interface PurchasePolicy {
  /** Show prices and buy buttons. */
  canBuy: boolean;
  /** Shown instead of prices when buying is hidden. */
  guidance: string;
  /** The lowest price this device may buy at (iOS virtual payment: ¥1, Apple's minimum); 0 = any. */
  minPriceFen: number;
}

/** Whether an item at this price can be bought here (below the iOS minimum the guidance stays). */
export const canBuyAt = (policy: PurchasePolicy, priceFen: number) => policy.canBuy && priceFen >= policy.minPriceFen;

const FALLBACK_GUIDANCE = '由于平台规定，iOS 设备暂不支持购买虚拟内容，可使用兑换码解锁。';

let cached: Promise<ClientConfig | null> | null = null;
export function resetPolicyCache(): void {
  cached = null;
}

/**
 * What this device may show. The iOS rule comes from the server (creators change it without a
 * release; `payment.virtual` when 小程序虚拟支付 is live); when the setting cannot be read, iOS
 * falls back to hiding prices — the safe side of WeChat's virtual-goods rule.
 */
export async function purchasePolicy(): Promise<PurchasePolicy> {
  if (!isIOS()) return { canBuy: true, guidance: '', minPriceFen: 0 };
  cached ??= clientConfig().catch(() => {
    cached = null;
    return null;
  });
  const cfg = await cached;
  const guidance = cfg?.iosPurchase.guidance || FALLBACK_GUIDANCE;
  // 小程序虚拟支付 sells on iOS through Apple, from ¥1; older configs (no `payment`) read as before.
  if (cfg?.payment?.virtual) return { canBuy: cfg.payment.iosCanBuy, guidance, minPriceFen: cfg.payment.iosMinPriceFen };
  if (cfg && cfg.iosPurchase.mode === 'show') return { canBuy: true, guidance: '', minPriceFen: 0 };
  return { canBuy: false, guidance, minPriceFen: 0 };
}
