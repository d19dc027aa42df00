/**
 * Single-level referral (推广员): WeChat allows a rebate to the one learner who shared, and
 * forbids team commissions and multi-level recruiting (WECHAT-FACTS.md). The rule, in one place.
 */
export const MAX_RATE_PERCENT = 50;
export const DEFAULT_SETTINGS = { ratePercent: 0, holdDays: 7 } as const;

/** The commission of one paid order: floor(paid amount × rate / 100), computed at settlement. */
export const commissionFen = (amountFen: number, ratePercent: number) => Math.floor((amountFen * ratePercent) / 100);

/** A held commission is pending until its hold ends, then available; a refund inside the hold cancels it. */
export type CommissionStatus = 'pending' | 'available' | 'cancelled';
export const COMMISSION_STATUS_LABELS: Record<CommissionStatus, string> = { pending: '待结算', available: '可结算', cancelled: '已取消' };
export function commissionStatus(row: { status: string; availableAt: Date }, now: Date): CommissionStatus {
  if (row.status === 'cancelled') return 'cancelled';
  return row.availableAt.getTime() <= now.getTime() ? 'available' : 'pending';
}
