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

/** The largest amount a column holds (INT): anything larger is not an amount we could ever have asked for. */
export const MAX_RECORDED_FEN = 2_147_483_647;
const MAX_PAYLOAD_DEPTH = 8;
const MAX_PAYLOAD_KEYS = 200;

/**
 * A copy of a payload that JSON can always print: nesting cut at MAX_PAYLOAD_DEPTH and wide objects at MAX_PAYLOAD_KEYS
 * (a deeply nested callback would otherwise overflow the stack in JSON.stringify, fail the record, and be retried
 * forever), non-JSON values named. Bounded recursion: depth is the guard.
 */
export function boundedPayload(value: unknown, depth = 0): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object') return `[${typeof value}]`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (depth >= MAX_PAYLOAD_DEPTH) return '[…]';
  if (Array.isArray(value)) return value.slice(0, MAX_PAYLOAD_KEYS).map((v) => boundedPayload(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).slice(0, MAX_PAYLOAD_KEYS)) {
    // defineProperty: a key named __proto__ is kept as data, never as the copy's prototype.
    Object.defineProperty(out, key, { value: boundedPayload((value as Record<string, unknown>)[key], depth + 1), enumerable: true });
  }
  return out;
}

const recordableFen = (v: number | null | undefined) =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= -MAX_RECORDED_FEN && v <= MAX_RECORDED_FEN ? v : null;

/** Every notification and every gateway answer that changed (or could have changed) an order. */
export async function recordPaymentEvent(db: Knex, now: Date, e: PaymentEvent): Promise<void> {
  let payload = JSON.stringify(boundedPayload(e.payload ?? null)) ?? 'null';
  if (payload.length > MAX_PAYLOAD_CHARS) payload = payload.slice(0, MAX_PAYLOAD_CHARS);
  await db('payment_events').insert({
    order_no: e.orderNo && e.orderNo.length <= 32 ? e.orderNo : null,
    provider: e.provider.slice(0, 16),
    kind: e.kind,
    transaction_id: e.transactionId ? String(e.transactionId).slice(0, 64) : null,
    amount_fen: recordableFen(e.amountFen),
    verdict: e.verdict.slice(0, 32),
    detail: (e.detail ?? '').slice(0, 255),
    payload_json: payload,
    received_at: now,
  });
}
