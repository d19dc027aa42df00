import type { Knex } from 'knex';
import type { Clock } from '../ports/clock';
import type { Moderation } from '../ports/moderation';
import type { PaymentGateway } from '../ports/payment-gateway';
import type { MediaStore } from '../ports/media-store';
import type { AdminAuth } from '../ports/admin-auth';
import type { Identity } from '../ports/identity';
import type { SubscribeMessenger } from '../ports/subscribe-message';
import type { MiniCode } from '../ports/mini-code';
import type { Logger } from './logger';

/**
 * The part of the deployment's settings a handler may read. The composition roots parse the
 * environment (`server/platform/config.ts`) and pass at least this; adapters get their own
 * settings when they are built, never through here.
 */
export interface DeploymentSettings {
  /** CloudBase env id; avatars must be files of this env. */
  cloudEnvId?: string;
}

/**
 * Everything a service may touch, built once per function instance (cloud) or once per
 * process (emulator, tests). The domain gets what it needs from here and nothing from env.
 */
export interface Deps {
  db: Knex;
  clock: Clock;
  log: Logger;
  config: DeploymentSettings;
  identity: Identity;
  adminAuth: AdminAuth;
  moderation: Moderation;
  payments: PaymentGateway;
  media: MediaStore;
  subscribeMessage: SubscribeMessenger;
  miniCode: MiniCode;
}
