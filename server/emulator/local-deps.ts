import type { Knex } from 'knex';
import type { Deps } from '../runtime/deps';
import type { Clock } from '../ports/clock';
import type { Logger } from '../runtime/logger';
import type { AppConfig } from '../platform/config';
import { localTokenAdminAuth } from '../adapters/admin-auth/local-token';
import type { Moderation } from '../ports/moderation';
import { createWordListModeration } from '../adapters/moderation/word-list';
import type { PaymentGateway } from '../ports/payment-gateway';
import { createPaymentGateway } from '../adapters/payment';
import { LocalMediaStore } from '../adapters/media-store/local-media-store';
import { databaseIdentity } from '../platform/identity';
import { outboxSubscribeMessenger } from '../adapters/subscribe-message/outbox';
import { createLocalQrMiniCode } from '../adapters/mini-code/local-qr';

/** Local deps keep the whole parsed config: the emulator's own routes read paths and URLs from it. */
export interface LocalDeps extends Deps {
  config: AppConfig;
}

/**
 * The composition root for local runs and tests: the same Deps shape the cloud builds, with the
 * local adapters plugged into the ports.
 */
export function createLocalDeps(parts: {
  db: Knex;
  clock: Clock;
  log: Logger;
  config: AppConfig;
  moderation?: Moderation;
  payments?: PaymentGateway;
}): LocalDeps {
  const media = new LocalMediaStore({
    publicBaseUrl: parts.config.publicBaseUrl,
    secret: parts.config.mediaSigningSecret,
    clock: parts.clock,
    mediaDir: parts.config.mediaDir,
  });
  return {
    db: parts.db,
    clock: parts.clock,
    log: parts.log,
    config: parts.config,
    identity: databaseIdentity(parts.db),
    adminAuth: localTokenAdminAuth(parts.config.adminTokenSecret),
    media,
    moderation: parts.moderation ?? createWordListModeration(),
    payments: parts.payments ?? createPaymentGateway(parts.config.pay, parts.clock),
    subscribeMessage: outboxSubscribeMessenger(parts.db, parts.clock),
    miniCode: createLocalQrMiniCode(),
  };
}
