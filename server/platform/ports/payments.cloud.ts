import { createPaymentGateway } from '../../adapters/payment';
import { systemClock } from '../../ports/clock';
import type { AppConfig } from '../config';
import type { PaymentGateway } from '../../ports/payment-gateway';

/** Cloud payments: cloud pay or the merchant's own API v3 keys, per PAY_PROVIDER. */
export function cloudPayments(config: AppConfig): PaymentGateway {
  // The sandbox cashier exists only in the emulator; a cloud deployment must name its provider.
  if (config.pay.provider === 'sandbox') throw new Error('PAY_PROVIDER must be cloudpay or wechatpay-v3 in the cloud');
  return createPaymentGateway(config.pay, systemClock);
}
