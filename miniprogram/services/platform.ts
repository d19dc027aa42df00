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
}

const FALLBACK_GUIDANCE = '由于平台规定，iOS 设备暂不支持购买虚拟内容，可使用兑换码解锁。';

let cached: Promise<ClientConfig | null> | null = null;
export function resetPolicyCache(): void {
  cached = null;
}

/**
 * What this device may show. The iOS rule comes from the server (creators change it without a
 * release); when the setting cannot be read, iOS falls back to hiding prices — the safe side
 * of WeChat's virtual-goods rule.
 */
export async function purchasePolicy(): Promise<PurchasePolicy> {
  if (!isIOS()) return { canBuy: true, guidance: '' };
  cached ??= clientConfig().catch(() => {
    cached = null;
    return null;
  });
  const cfg = await cached;
  if (cfg && cfg.iosPurchase.mode === 'show') return { canBuy: true, guidance: '' };
  return { canBuy: false, guidance: cfg?.iosPurchase.guidance || FALLBACK_GUIDANCE };
}
