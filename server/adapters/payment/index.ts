import type { Clock } from '../../ports/clock';
import type { PaymentGateway, PaymentProvider } from '../../ports/payment-gateway';
import { createCloudPayGateway, type CloudPaySettings } from './cloudpay.gateway';
import { SandboxGateway, type SandboxPaySettings } from './sandbox.gateway';
import { createWechatPayV3Gateway, type WechatPayV3Settings } from './wechatpay-v3.gateway';

/** Every adapter's settings; only the selected provider's part must be filled in. */
export interface PaymentSettings {
  /** Which adapter serves this deployment (PAY_PROVIDER). */
  provider: PaymentProvider;
  cloudpay: CloudPaySettings;
  wechatpayV3: WechatPayV3Settings;
  sandbox: SandboxPaySettings;
}

/** PAY_PROVIDER picks the adapter; each SDK is required only when its adapter first calls it. */
export function createPaymentGateway(settings: PaymentSettings, clock: Clock): PaymentGateway {
  switch (settings.provider) {
    case 'cloudpay':
      return createCloudPayGateway(settings.cloudpay);
    case 'wechatpay-v3':
      return createWechatPayV3Gateway(settings.wechatpayV3);
    case 'sandbox':
      return new SandboxGateway(settings.sandbox, clock);
  }
}
