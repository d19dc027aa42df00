import { call } from './api';
import { ApiError } from './errors';

export const prepay = (orderNo: string) => call('pay', 'prepay', { orderNo });
export const confirm = (orderNo: string) => call('pay', 'confirm', { orderNo });

/**
 * Opens the WeChat Pay sheet with the server's params. The sheet's outcome is only a hint —
 * the order is settled by pay-notify or `confirm`, which asks the gateway.
 */
export function requestPayment(payment: Record<string, unknown>): Promise<void> {
  return new Promise((resolve, reject) => {
    wx.requestPayment({
      ...(payment as unknown as WechatMiniprogram.RequestPaymentOption),
      success: () => resolve(),
      fail: (err: { errMsg?: string }) =>
        // WeChat reports a closed sheet only through errMsg ("requestPayment:fail cancel"); this is
        // the single place that reads it, turning it into a code pages can branch on.
        reject(new ApiError(/cancel/i.test(err?.errMsg ?? '') ? 'PAY_CANCELLED' : 'PAY_FAILED')),
    });
  });
}
