import { loadFunction } from '../../server/emulator/functions';
import { SandboxGateway } from '../../server/adapters/payment/sandbox.gateway';
import type { CloudPayCallbackEvent } from '../../server/adapters/payment/cloudpay-callback';
import type { CloudFunction } from '../../server/runtime/define-function';
import type { Deps } from '../../server/runtime/deps';
import { callerFor, type Harness } from './harness';

/** The local payment platform wired into the harness deps (PAY_PROVIDER defaults to sandbox). */
export function sandboxOf(h: Harness): SandboxGateway {
  if (!(h.deps.payments instanceof SandboxGateway)) throw new Error('harness is not using the sandbox gateway');
  return h.deps.payments;
}

export type NotifyReply = { errcode: number; errmsg: string };

/** Invokes pay-notify as the platform (or, with another source, as a forger) would. */
export function notify(h: Harness, event: unknown, source = 'wx_paycallback', deps: Deps = h.deps): Promise<NotifyReply> {
  const fn = loadFunction('pay-notify') as unknown as CloudFunction<NotifyReply>;
  return fn.invoke(event, { deps, caller: callerFor({ source }) });
}

/** create → prepay as `openid`; returns the order number. */
export async function orderAndPrepay(h: Harness, openid: string, itemType: string, itemId: number): Promise<string> {
  const order = await h.ok('order', 'create', { itemType, itemId }, { openid });
  await h.ok('pay', 'prepay', { orderNo: order.orderNo }, { openid });
  return order.orderNo;
}

/** The learner pays at the sandbox cashier; returns the callback event the platform would send. */
export function payAtCashier(h: Harness, orderNo: string): CloudPayCallbackEvent {
  const event = sandboxOf(h).pay(orderNo);
  if (!event) throw new Error(`no payable sandbox trade for ${orderNo}`);
  return event;
}

export async function entitlementsOf(h: Harness, openid: string) {
  return h.db('entitlements as e').join('users as u', 'u.id', 'e.user_id').where('u.openid', openid).select('e.*');
}
