import {
  NotificationRejected,
  type NotificationRejection,
  type PaymentProvider,
  type RawPush,
  type ReadPush,
} from '../../../ports/payment-gateway';
import {
  ackBody,
  parsePushMessage,
  retryBody,
  XPayPushRejected,
  type PushRejection,
  type PushVerifier,
  type XPayPushEvent,
} from './xpay-push';
import type { XPayEnv } from './xpay-sign';

/**
 * Turns a virtual-payment push into the port's words (docs/payments.md "The normalised
 * notification"), for both the live and the sandbox adapter. The domain never sees `OutTradeNo`,
 * `GoodsInfo` or `RetCode`.
 */

/** The xpay module's rejection reasons in the port's words (payment_events.verdict `rejected_<reason>`). */
const REJECTION: Record<PushRejection, NotificationRejection> = {
  'body-too-large': 'malformed',
  'missing-params': 'headers',
  'bad-signature': 'signature',
  stale: 'stale',
  'encryption-required': 'signature',
  'bad-ciphertext': 'decrypt',
  'bad-padding': 'decrypt',
  'bad-length': 'decrypt',
  'wrong-appid': 'decrypt',
  'json-too-deep': 'malformed',
  malformed: 'malformed',
};

export const toRejection = (err: XPayPushRejected) => new NotificationRejected(REJECTION[err.reason], err.message);

/** One decoded push → a notification. `proven`: the push's own signature covered what it says. */
export function notificationOf(provider: PaymentProvider, env: XPayEnv, event: XPayPushEvent, proven: boolean): ReadPush['notification'] {
  switch (event.kind) {
    case 'goods_deliver': {
      const p = event.payload;
      // A sandbox push on a live deployment (or the reverse) must never grant: the sandbox costs nothing.
      if (p.Env !== env) return { kind: 'malformed', provider, detail: `Env ${p.Env} (expected ${env})`, orderNo: p.OutTradeNo };
      if (p.GoodsInfo.Quantity !== 1)
        return { kind: 'malformed', provider, detail: `Quantity ${p.GoodsInfo.Quantity}`, orderNo: p.OutTradeNo };
      return {
        kind: 'trade',
        provider,
        orderNo: p.OutTradeNo,
        proven,
        platformResult: 'xpay_goods_deliver_notify',
        trade: {
          state: 'SUCCESS',
          // Absent for channels other than WeChat Pay (Apple on iOS).
          transactionId: p.WeChatPayInfo?.TransactionId || undefined,
          amountFen: p.GoodsInfo.ActualPrice,
          productId: p.GoodsInfo.ProductId,
          paidAt: p.WeChatPayInfo?.PaidTime ? new Date(p.WeChatPayInfo.PaidTime * 1000) : undefined,
        },
      };
    }
    case 'refund': {
      const p = event.payload;
      return {
        kind: 'refund',
        provider,
        orderNo: p.MchOrderId,
        outRefundNo: p.MchRefundId,
        refundId: p.WxRefundId || undefined,
        refundFen: p.RefundFee,
        status: p.RetCode === 0 ? 'SUCCESS' : 'FAIL',
        failed: p.RetCode !== 0,
      };
    }
    case 'ios_refund_query':
      return { kind: 'ios_refund_query', provider, orderNo: event.payload.pay_order_id };
    case 'complaint':
      return { kind: 'other', provider, event: event.payload.Event, orderNo: event.payload.MchOrderId || undefined };
    default:
      return { kind: 'other', provider, event: event.event, payload: event.payload };
  }
}

/**
 * Verifies and reads a push. HTTP: the verifier checks the signature (safe mode: msg_signature over
 * the ciphertext, then AES-256-CBC); only a safe-mode push is `proven`. A push CloudBase routed to
 * a function arrives decoded with no proof of sender, so the domain asks query_order before it
 * grants anything.
 */
export function readXPayPush(provider: PaymentProvider, env: XPayEnv, verifier: PushVerifier, push: RawPush, now: Date): ReadPush {
  try {
    if (push.via === 'function') {
      const notification = notificationOf(provider, env, parsePushMessage(push.event), false);
      return {
        notification,
        reply: (answer) =>
          answer === 'ack' ? { ErrCode: 0, ErrMsg: 'success' } : answer === 'retry' ? { ErrCode: 1, ErrMsg: 'retry' } : answer,
      };
    }
    const verified = verifier.verify({ query: push.query, body: push.body }, now);
    return {
      notification: notificationOf(provider, env, verified.event, verified.mode === 'safe'),
      reply: (answer) =>
        answer === 'ack'
          ? ackBody(verified.mode)
          : answer === 'retry'
            ? retryBody('retry')
            : verifier.replyBody(verified.mode, JSON.stringify(answer), verified.nonce, now),
    };
  } catch (err) {
    if (err instanceof XPayPushRejected) throw toRejection(err);
    throw err;
  }
}
