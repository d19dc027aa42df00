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

/** The virtual-payment params pay.prepay returns for xpay (API.md "Virtual payment"). */
export interface VirtualPayment {
  mode: 'short_series_goods';
  signData: string;
  paySig: string;
  signature: string;
}

/** wx.requestVirtualPayment errCode when the session_key that signed `signature` has expired. */
export const SESSION_KEY_EXPIRED = -15007;

/**
 * Opens the 小程序虚拟支付 cashier (Android: WeChat Pay, iOS: Apple) with the server's signed
 * params; `signData` goes on exactly as the server signed it (a string). No Promise form exists,
 * so it is wrapped here. As with WeChat Pay the outcome is a hint: pay-notify or `confirm` settles.
 */
export function requestVirtualPayment(payment: VirtualPayment): Promise<void> {
  return new Promise((resolve, reject) => {
    wx.requestVirtualPayment({
      mode: payment.mode,
      signData: payment.signData as unknown as WechatMiniprogram.SignData,
      paySig: payment.paySig,
      signature: payment.signature,
      success: () => resolve(),
      fail: (err: { errCode?: number; errMsg?: string }) => {
        const cancelled = err?.errCode === -2 || /cancel/i.test(err?.errMsg ?? '');
        reject(
          new ApiError(
            cancelled ? 'PAY_CANCELLED' : 'PAY_FAILED',
            undefined,
            err?.errCode === SESSION_KEY_EXPIRED ? { sessionExpired: true } : undefined,
          ),
        );
      },
    });
  });
}
