import type { Knex } from 'knex';
import type { NotificationRejection } from '../../ports/payment-gateway';
import type { SettleOutcome } from './settlement';
import type { TradeVerdict } from './trade-verdict';

export type PaymentEventKind = 'notify' | 'notify_v3' | 'confirm' | 'reconcile' | 'refund';

/** What payment_events.verdict may say: a trade verdict (a `settle` as settlement's outcome) or a verdict about the notification itself. */
export type PaymentEventVerdict =
  | Exclude<TradeVerdict, 'settle'>
  | SettleOutcome
  | 'rejected_malformed'
  | 'rejected_provider'
  | `rejected_${NotificationRejection}`
  | 'closed'
  | `refund_${string}`;

export interface PaymentEvent {
  orderNo: string | null;
  provider: string;
  kind: PaymentEventKind;
  transactionId?: string | null;
  amountFen?: number | null;
  verdict: PaymentEventVerdict;
  detail?: string;
  payload: unknown;
}

const MAX_PAYLOAD_CHARS = 16_000;

/** Every notification and every gateway answer that changed (or could have changed) an order. */
export async function recordPaymentEvent(db: Knex, now: Date, e: PaymentEvent): Promise<void> {
  let payload = JSON.stringify(e.payload ?? null) ?? 'null';
  if (payload.length > MAX_PAYLOAD_CHARS) payload = payload.slice(0, MAX_PAYLOAD_CHARS);
  await db('payment_events').insert({
    order_no: e.orderNo && e.orderNo.length <= 32 ? e.orderNo : null,
    provider: e.provider.slice(0, 16),
    kind: e.kind,
    transaction_id: e.transactionId ? String(e.transactionId).slice(0, 64) : null,
    amount_fen: Number.isSafeInteger(e.amountFen) ? e.amountFen : null,
    verdict: e.verdict.slice(0, 32),
    detail: (e.detail ?? '').slice(0, 255),
    payload_json: payload,
    received_at: now,
  });
}
