import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { PaymentSettings } from '../adapters/payment';
import type { PaymentProvider } from '../ports/payment-gateway';

const PROVIDERS: readonly PaymentProvider[] = ['cloudpay', 'wechatpay-v3', 'sandbox'];
const pem = (value: string | undefined) => (value ?? '').replace(/\\n/g, '\n');

/**
 * Every environment variable the product reads, in one place (the README's table mirrors this).
 * The domain receives the parsed result through Deps and never reads process.env itself.
 */
export interface AppConfig {
  /** MySQL connection URL; absent = embedded SQLite (local runs only). */
  mysqlUrl?: string;
  sqliteFile: string;
  /** Public base URL of the local runtime, used for cashier and media links. */
  publicBaseUrl: string;
  port: number;
  /** Local CMS bearer-token HMAC secret; random per process when unset. */
  adminTokenSecret: string;
  /** Cloud: the CloudBase custom-login private key file contents (JSON), for createTicket. */
  tcbCustomLoginKey?: string;
  /** Which PaymentGateway adapter serves this deployment, with each adapter's own settings. */
  pay: PaymentSettings;
  /** Local media files (the local MediaStore serves `media/<path>` file ids from here). */
  mediaDir: string;
  /**
   * HMAC key of the local signed media URLs. Unset = a random key per process, so links die
   * with the process — fine for local runs; set it when several processes must agree.
   */
  mediaSigningSecret: string;
  /** CloudBase env id (the platform sets TCB_ENV); avatars must be files of this env. */
  cloudEnvId?: string;
  /** 订阅消息: the one-time 「课程更新提醒」 template id (WX_NEW_LESSON_TEMPLATE_ID); new-lesson notices need it. */
  newLessonTemplateId?: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${env.PORT}`);
  const payProvider = (env.PAY_PROVIDER || 'sandbox') as PaymentProvider;
  if (!PROVIDERS.includes(payProvider)) throw new Error(`PAY_PROVIDER must be one of ${PROVIDERS.join(', ')}, got ${env.PAY_PROVIDER}`);
  const publicBaseUrl = (env.PUBLIC_BASE_URL ?? `http://127.0.0.1:${port}`).replace(/\/$/, '');
  const dataDir = env.DATA_DIR ?? path.resolve(process.cwd(), '.data');
  return {
    mysqlUrl: env.MYSQL_URL || undefined,
    sqliteFile: env.SQLITE_FILE ?? path.join(dataDir, 'app.sqlite'),
    publicBaseUrl,
    port,
    adminTokenSecret: env.ADMIN_TOKEN_SECRET || randomBytes(32).toString('hex'),
    tcbCustomLoginKey: env.TCB_CUSTOM_LOGIN_KEY || undefined,
    pay: {
      provider: payProvider,
      cloudpay: { subMchId: env.PAY_SUB_MCH_ID ?? '', envId: env.TCB_ENV || env.SCF_NAMESPACE || env.TCB_ENV_ID || '' },
      // PEM strings; `\n` escapes are accepted for single-line env vars.
      wechatpayV3: {
        appId: env.WECHATPAY_APPID ?? '',
        mchId: env.WECHATPAY_MCHID ?? '',
        merchantCertPem: pem(env.WECHATPAY_CERT),
        merchantKeyPem: pem(env.WECHATPAY_PRIVATE_KEY),
        apiV3Key: env.WECHATPAY_API_V3_KEY ?? '',
        notifyUrl: env.WECHATPAY_NOTIFY_URL ?? '',
        platformCertPem: pem(env.WECHATPAY_PLATFORM_CERT),
        publicKeyPem: pem(env.WECHATPAY_PUBLIC_KEY),
        publicKeyId: env.WECHATPAY_PUBLIC_KEY_ID ?? '',
      },
      sandbox: { merchantId: env.SANDBOX_MCH_ID || 'sandbox-mch', publicBaseUrl },
    },
    mediaDir: path.join(dataDir, 'media'),
    mediaSigningSecret: env.MEDIA_SIGNING_SECRET || randomBytes(32).toString('hex'),
    cloudEnvId: env.TCB_ENV || env.TCB_ENV_ID || undefined,
    newLessonTemplateId: env.WX_NEW_LESSON_TEMPLATE_ID || undefined,
  };
}
