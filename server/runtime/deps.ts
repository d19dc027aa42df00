import type { Knex } from 'knex';
import type { Clock } from '../ports/clock';
import type { Moderation } from '../ports/moderation';
import type { PaymentGateway } from '../ports/payment-gateway';
import type { MediaStore } from '../ports/media-store';
import type { Logger } from './logger';
import type { AppConfig } from '../platform/config';
import type { AdminAuth } from '../ports/admin-auth';

/**
 * Everything a service may touch, built once per function instance (cloud) or once per
 * process (emulator, tests). The domain gets what it needs from here and nothing from env.
 */
export interface Deps {
  db: Knex;
  clock: Clock;
  log: Logger;
  config: AppConfig;
  adminAuth: AdminAuth;
  moderation: Moderation;
  payments: PaymentGateway;
  media: MediaStore;
}
