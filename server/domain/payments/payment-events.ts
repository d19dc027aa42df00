import type { Knex } from 'knex';

export type PaymentEventKind = 'notify' | 'notify_v3' | 'confirm' | 'reconcile' | 'refund';

export interface PaymentEvent {
  orderNo: string | null;
  provider: string;
  kind: PaymentEventKind;
  transactionId?: string | null;
  amountFen?: number | null;
  /** settled | duplicate | rejected_* | closed | pending | refunded … */
  verdict: string;
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
