import type { TradeState } from '../../ports/payment-gateway';

/** The part of a sandbox trade every sandbox gateway keeps: which order, and where it stands. */
export interface SandboxTradeBase {
  orderNo: string;
  state: TradeState;
}

/** How a sandbox gateway keeps its trades: MySQL/SQLite in the product and tests, memory only for benches. */
export interface SandboxTradeStore<T extends SandboxTradeBase> {
  get(orderNo: string): Promise<T | null>;
  /** Inserts the trade, or replaces an unpaid one (a repeated prepay); a paid or closed trade is left alone. */
  open(trade: T, now: Date): Promise<void>;
  /** Moves the trade from one of `from` to `to` with the given fields, only if it is still in one of `from`. */
  move(orderNo: string, from: TradeState[], to: TradeState, fields: Partial<T>, now: Date): Promise<boolean>;
}

/**
 * The in-memory store both sandbox gateways fall back to without a database (benches). The
 * conditional move has the database store's semantics, so a bench measures the same rules.
 */
export function memoryTradeStore<T extends SandboxTradeBase>(
  trades = new Map<string, T>(),
): SandboxTradeStore<T> & { trades: Map<string, T> } {
  return {
    trades,
    async get(orderNo) {
      const t = trades.get(orderNo);
      return t ? { ...t } : null;
    },
    async open(trade) {
      const existing = trades.get(trade.orderNo);
      if (!existing || existing.state === 'NOTPAY') trades.set(trade.orderNo, { ...trade });
    },
    async move(orderNo, from, to, fields) {
      const t = trades.get(orderNo);
      if (!t || !from.includes(t.state)) return false;
      Object.assign(t, fields, { state: to });
      return true;
    },
  };
}
