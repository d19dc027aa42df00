import type { Knex } from 'knex';
import type { Clock } from '../../ports/clock';
import type { PaymentGateway, PaymentProvider } from '../../ports/payment-gateway';
import { createCloudPayGateway, type CloudPaySettings } from './cloudpay.gateway';
import { SandboxGateway, type SandboxPaySettings } from './sandbox.gateway';
import { createWechatPayV3Gateway, type WechatPayV3Settings } from './wechatpay-v3.gateway';
import { createLiveXPayGateway, type XPaySettings } from './xpay.gateway';
import { XPaySandboxGateway, type XPaySandboxSettings } from './xpay-sandbox.gateway';
import { stableAccessToken } from '../wechat/access-token';

/** Every adapter's settings; only the selected provider's part must be filled in. */
export interface PaymentSettings {
  /** Which adapter serves this deployment (PAY_PROVIDER). */
  provider: PaymentProvider;
  cloudpay: CloudPaySettings;
  wechatpayV3: WechatPayV3Settings;
  sandbox: SandboxPaySettings;
  xpay: XPaySettings & { appSecret: string };
  xpaySandbox: XPaySandboxSettings;
}

/** PAY_PROVIDER picks the adapter; each SDK is required only when its adapter first calls it. */
/** `db`: where the sandboxes keep their trades (local runs); the real providers keep theirs at WeChat. */
export function createPaymentGateway(settings: PaymentSettings, clock: Clock, db?: Knex): PaymentGateway {
  switch (settings.provider) {
    case 'cloudpay':
      return createCloudPayGateway(settings.cloudpay);
    case 'wechatpay-v3':
      return createWechatPayV3Gateway(settings.wechatpayV3);
    case 'sandbox':
      return new SandboxGateway(settings.sandbox, clock, db);
    case 'xpay':
      return createLiveXPayGateway(settings.xpay, stableAccessToken({ appId: settings.xpay.appId, appSecret: settings.xpay.appSecret }));
    case 'xpay-sandbox':
      return new XPaySandboxGateway(settings.xpaySandbox, clock, db);
  }
}
