import { config } from '../config/index';
import * as pay from './pay';
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
 * prepay → wx.requestPayment with the server's params → pay.confirm. Throws ApiError
 * PAY_CANCELLED / PAY_FAILED from the sheet and server codes (ORDER_NOT_PAYABLE, …) as they are.
 */
export async function payOrder(orderNo: string): Promise<PayOutcome> {
  const prepaid = await pay.prepay(orderNo);
  // WeChat Pay cannot pay a sandbox order in DevTools; the emulator's cashier page stands in for it.
  if (prepaid.provider === 'sandbox' && config.mode === 'local' && prepaid.cashierUrl) {
    return { kind: 'cashier', url: prepaid.cashierUrl };
  }
  await pay.requestPayment(prepaid.payment);
  return confirmPaid(orderNo);
}
