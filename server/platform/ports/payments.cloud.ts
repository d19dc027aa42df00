import { createPaymentGateway } from '../../adapters/payment';
import { systemClock } from '../../ports/clock';
import type { AppConfig } from '../config';
import type { PaymentGateway } from '../../ports/payment-gateway';

/** Cloud payments: cloud pay, the merchant's own API v3 keys or 小程序虚拟支付, per PAY_PROVIDER. */
export function cloudPayments(config: AppConfig): PaymentGateway {
  // The sandbox cashier exists only in the emulator; a cloud deployment must name its provider.
  if (config.pay.provider === 'sandbox' || config.pay.provider === 'xpay-sandbox') {
    throw new Error('PAY_PROVIDER must be cloudpay, wechatpay-v3 or xpay in the cloud');
  }
  return createPaymentGateway(config.pay, systemClock);
}
