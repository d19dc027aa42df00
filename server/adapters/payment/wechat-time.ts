import { randomBytes } from 'node:crypto';
import type { TradeState } from '../../ports/payment-gateway';

const TRADE_STATES: readonly TradeState[] = ['SUCCESS', 'NOTPAY', 'CLOSED', 'REFUND', 'PAYERROR', 'USERPAYING', 'REVOKED'];

/** WeChat's trade_state word (v2 tradeState, v3 trade_state); one we do not know counts as unpaid. */
export const tradeStateOf = (value: unknown): TradeState => TRADE_STATES.find((s) => s === value) ?? 'NOTPAY';

/** WeChat Pay v2 fields (cloud pay) carry Beijing time as `yyyyMMddHHmmss`. */
export function parseBeijingCompact(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !/^\d{14}$/.test(value)) return undefined;
  const iso = `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}T${value.slice(8, 10)}:${value.slice(10, 12)}:${value.slice(12, 14)}+08:00`;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function formatBeijingCompact(date: Date): string {
  return new Date(date.getTime() + 8 * 3600_000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** ≤ 32 chars as both APIs require; crypto random so requests cannot be replayed by guessing. */
export const nonceStr = (): string => randomBytes(16).toString('hex');

/** Cuts to at most `maxBytes` UTF-8 bytes without splitting a character (WeChat counts bytes). */
export function truncateUtf8(text: string, maxBytes: number): string {
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const size = Buffer.byteLength(ch);
    if (bytes + size > maxBytes) break;
    out += ch;
    bytes += size;
  }
  return out;
}
