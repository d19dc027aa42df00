import type { AppConfig } from '../../platform/config';
import type { Clock } from '../../ports/clock';
import type { PaymentGateway } from '../../ports/payment-gateway';
import { createCloudPayGateway } from './cloudpay.gateway';
import { SandboxGateway } from './sandbox.gateway';
import { createWechatPayV3Gateway } from './wechatpay-v3.gateway';

/** PAY_PROVIDER picks the adapter; each SDK is required only when its adapter first calls it. */
export function createPaymentGateway(config: AppConfig, clock: Clock): PaymentGateway {
  switch (config.payProvider) {
    case 'cloudpay':
      return createCloudPayGateway({ subMchId: config.pay.subMchId, envId: config.pay.envId });
    case 'wechatpay-v3':
      return createWechatPayV3Gateway(config.pay.v3);
    case 'sandbox':
      return new SandboxGateway({ merchantId: config.pay.sandboxMchId, publicBaseUrl: config.publicBaseUrl }, clock);
  }
}
