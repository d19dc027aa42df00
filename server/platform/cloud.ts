import type { Deps } from '../runtime/deps';
import type { Caller } from '../runtime/caller';
import { createDb } from '../db/connection';
import { systemClock } from '../ports/clock';
import { jsonLogger } from '../runtime/logger';
import { loadConfig } from './config';
import { cloudbaseTicketAdminAuth } from '../adapters/admin-auth/cloudbase-ticket';
import { createPaymentGateway } from '../adapters/payment';
import type { PaymentGateway } from '../ports/payment-gateway';
import { cloudMediaStore } from '../adapters/media-store/cloud-media-store';
import { callerFromWxContext, wxContextFromEnv } from './cloud-context';
import { createMsgSecCheckModeration } from '../adapters/moderation/msg-sec-check';

let deps: Deps | undefined;

/**
 * Built once per function instance and reused by warm invocations — in particular the knex
 * instance, whose pool is capped at one connection per instance.
 */
export async function cloudDeps(): Promise<Deps> {
  if (deps) return deps;
  const config = loadConfig(process.env);
  if (!config.mysqlUrl) throw new Error('MYSQL_URL is not set for this cloud function');
  let payments: PaymentGateway | undefined;
  deps = {
    // Built on first use: only order/pay functions touch it, so only they need the merchant settings.
    get payments(): PaymentGateway {
      // The sandbox cashier exists only in the emulator; a cloud deployment must name its provider.
      if (config.payProvider === 'sandbox') throw new Error('PAY_PROVIDER must be cloudpay or wechatpay-v3 in the cloud');
      return (payments ??= createPaymentGateway(config, systemClock));
    },
    db: createDb({ mysqlUrl: config.mysqlUrl, poolMax: 1 }),
    clock: systemClock,
    log: jsonLogger(),
    config,
    adminAuth: cloudbaseTicketAdminAuth({ customLoginKeyJson: config.tcbCustomLoginKey }),
    // wx-server-sdk is required on the first check, not here.
    moderation: createMsgSecCheckModeration(),
    media: cloudMediaStore(),
  };
  return deps;
}

export async function cloudCaller(): Promise<Caller> {
  return callerFromWxContext(wxContextFromEnv(process.env));
}
