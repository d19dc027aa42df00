import type { Knex } from 'knex';
import type { NotificationRejection } from '../../ports/payment-gateway';
import type { SettleOutcome } from './settlement';
import type { TradeVerdict } from './trade-verdict';

export type PaymentEventKind = 'notify' | 'notify_v3' | 'notify_xpay' | 'confirm' | 'reconcile' | 'refund';
export const PAYMENT_EVENT_KIND_LABELS: Record<PaymentEventKind, string> = {
  notify: '支付通知',
  notify_v3: '支付通知（API v3）',
  notify_xpay: '支付通知（虚拟支付）',
  confirm: '主动查单',
  reconcile: '定时对账',
  refund: '退款',
};

/** Chinese for every verdict payment_events records (refund_<status> by its refund status). */
export const PAYMENT_VERDICT_LABELS: Record<string, string> = {
  settled: '已入账',
  duplicate: '重复通知（已处理过）',
  rejected_result: '未支付成功',
  rejected_unknown_order: '订单不存在',
  rejected_merchant: '商户号不符',
  rejected_amount: '金额不符',
  rejected_unconfirmed: '平台未确认该笔交易',
  rejected_malformed: '通知格式错误',
  rejected_provider: '支付渠道不符',
  rejected_headers: '通知缺少签名头',
  rejected_stale: '通知已过期',
  rejected_signature: '签名校验失败',
  rejected_decrypt: '解密失败',
  rejected_product: '道具不符',
  closed: '订单已关闭',
  refund_accepted: '退款已受理',
  refund_refused: '退款被拒绝',
  refund_pending: '退款处理中',
  refund_succeeded: '退款成功',
  refund_failed: '退款失败',
};

/** What payment_events.verdict may say: a trade verdict (a `settle` as settlement's outcome) or a verdict about the notification itself. */
export type PaymentEventVerdict =
  | Exclude<TradeVerdict, 'settle'>
  | SettleOutcome
  | 'rejected_malformed'
  | 'rejected_provider'
  | `rejected_${NotificationRejection}`
  | 'closed'
  | `refund_${string}`
  /** Virtual payment: a complaint push, and our answer to Apple's refund question. */
  | 'complaint'
  | 'ios_refund_refuse'
  | 'ios_refund_suggest';

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
