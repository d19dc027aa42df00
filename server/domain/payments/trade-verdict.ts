import { toNum } from '../../db/values';
import type { ReportedTrade } from '../../ports/payment-gateway';
import type { OrderRow, OrderStatus } from '../orders/order.model';

/**
 * What a reported trade means for an order. The values are the verdicts payment_events records
 * (a `settle` is recorded as settlement's own outcome, `settled` or `duplicate`).
 */
export const TradeVerdict = {
  Settle: 'settle',
  Duplicate: 'duplicate',
  NotPaid: 'rejected_result',
  UnknownOrder: 'rejected_unknown_order',
  MerchantMismatch: 'rejected_merchant',
  AmountMismatch: 'rejected_amount',
  /** The platform, asked about a notification it did not prove, does not stand behind it. */
  Unconfirmed: 'rejected_unconfirmed',
} as const;
export type TradeVerdict = (typeof TradeVerdict)[keyof typeof TradeVerdict];

/** The part of an order a trade is judged against. */
export interface JudgedOrder {
  status: OrderStatus;
  amountFen: number;
  transactionId: string | null;
}

export const judgedOrderOf = (row: OrderRow): JudgedOrder => ({
  status: row.status,
  amountFen: toNum(row.amount_fen),
  transactionId: row.transaction_id,
});

/**
 * The trade verdict (DESIGN.md: result, amount, merchant), the same for the callback, pay.confirm
 * and the reconcile timer. An amount or merchant the platform did not report is not held against
 * the trade. `confirmation` is the platform's own answer to a query about a notification that
 * does not prove itself: it must say paid, for the same transaction and the order's amount.
 */
export function judgeTrade(
  order: JudgedOrder | null,
  trade: ReportedTrade,
  merchantId: string,
  confirmation?: ReportedTrade,
): TradeVerdict {
  if (trade.state !== 'SUCCESS') return TradeVerdict.NotPaid;
  if (!order) return TradeVerdict.UnknownOrder;
  if (trade.merchantId !== undefined && trade.merchantId !== merchantId) return TradeVerdict.MerchantMismatch;
  if (trade.amountFen !== undefined && trade.amountFen !== order.amountFen) return TradeVerdict.AmountMismatch;
  if ((order.status === 'paid' || order.status === 'refunded') && order.transactionId === trade.transactionId)
    return TradeVerdict.Duplicate;
  if (
    confirmation &&
    (confirmation.state !== 'SUCCESS' ||
      (confirmation.transactionId !== undefined && confirmation.transactionId !== trade.transactionId) ||
      (confirmation.amountFen !== undefined && confirmation.amountFen !== order.amountFen))
  ) {
    return TradeVerdict.Unconfirmed;
  }
  return TradeVerdict.Settle;
}
