import { config } from '../config/index';
import * as pay from './pay';
import * as user from './user';
import { toApiError } from './errors';
import type { Order } from './types';

export type PayOutcome =
  | { kind: 'paid'; order: Order }
  /** Paid on WeChat's side but not settled yet (callback in flight): show "confirming". */
  | { kind: 'pending'; order: Order }
  /** Local mode with the sandbox provider: the learner pays in the emulator's cashier page. */
  | { kind: 'cashier'; url: string };

const CONFIRM_RETRIES = 3;
const CONFIRM_DELAY_MS = 800;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Asks the server to check with the gateway; the notify callback may land a moment later. */
export async function confirmPaid(orderNo: string): Promise<PayOutcome> {
  let order = await pay.confirm(orderNo);
  for (let i = 1; i < CONFIRM_RETRIES && order.status === 'pending'; i++) {
    await sleep(CONFIRM_DELAY_MS);
    order = await pay.confirm(orderNo);
  }
  return order.status === 'paid' ? { kind: 'paid', order } : { kind: 'pending', order };
}

/**
 * prepay → wx.requestPayment (or wx.requestVirtualPayment when 小程序虚拟支付 is live) with the
 * server's params → pay.confirm. Throws ApiError
 * PAY_CANCELLED / PAY_FAILED from the sheet and server codes (ORDER_NOT_PAYABLE, …) as they are.
 */
export async function payOrder(orderNo: string): Promise<PayOutcome> {
  const prepaid = await prepayWithSession(orderNo);
  // WeChat cannot pay a local sandbox order in DevTools; the emulator's cashier page stands in for it.
  if ((prepaid.provider === 'sandbox' || prepaid.provider === 'xpay-sandbox') && config.mode === 'local' && prepaid.cashierUrl) {
    return { kind: 'cashier', url: prepaid.cashierUrl };
  }
  if (isVirtual(prepaid.provider)) {
    try {
      await pay.requestVirtualPayment(prepaid.payment as unknown as pay.VirtualPayment);
    } catch (err) {
      // The session_key that signed `signature` expired: log in again and sign afresh, once.
      if (!(toApiError(err).details as { sessionExpired?: boolean } | undefined)?.sessionExpired) throw err;
      await user.login();
      await pay.requestVirtualPayment((await pay.prepay(orderNo)).payment as unknown as pay.VirtualPayment);
    }
  } else {
    await pay.requestPayment(prepaid.payment);
  }
  return confirmPaid(orderNo);
}

const isVirtual = (provider: string) => provider === 'xpay' || provider === 'xpay-sandbox';

/** Virtual payment signs with the learner's session_key: without one the server asks for a login first. */
async function prepayWithSession(orderNo: string) {
  try {
    return await pay.prepay(orderNo);
  } catch (err) {
    if (toApiError(err).code !== 'UNAUTHENTICATED') throw err;
    await user.login();
    return pay.prepay(orderNo);
  }
}
