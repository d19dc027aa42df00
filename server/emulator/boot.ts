import path from 'node:path';
import type http from 'node:http';
import type { Knex } from 'knex';
import { createDb } from '../db/connection';
import { migrateLatest } from '../db/migrations';
import { systemClock, type Clock } from '../ports/clock';
import { jsonLogger, type Logger } from '../runtime/logger';
import type { AppConfig } from '../platform/config';
import type { LocalDeps } from './local-deps';
import type { CloudFunction } from '../runtime/define-function';
import { isCatalogEmpty, seedDemo } from '../../sql/seeds/demo';
import { ensureFirstOwner } from '../domain/staff/staff.repo';
import { createLocalDeps } from './local-deps';
import { loadAllFunctions } from './functions';
import { createGateway } from './http-gateway';
import { mediaUploadRoute } from './media-upload';
import { sandboxCashierRoutes } from './sandbox-cashier';
import { LocalMediaStore } from '../adapters/media-store/local-media-store';
import { ensureDemoMedia } from '../../sql/seeds/demo-media';

export const DEMO_ADMIN = { username: 'admin', password: 'admin123' };

export const ADMIN_DIST_DIR = path.resolve(__dirname, '../../admin-cms/dist');

export interface LocalRuntime {
  server: http.Server;
  deps: LocalDeps;
  db: Knex;
  functions: Map<string, CloudFunction>;
  seeded: boolean;
  /** Set when this start created the first owner account (printed once). */
  createdAdmin: { username: string; password: string } | null;
  close(): Promise<void>;
}

export interface BootOptions {
  config: AppConfig;
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  log?: Logger;
  /** Skip the demo seed (tests seed what they need). */
  seed?: boolean;
}

/**
 * Everything `npm start` does before listening: open the database (SQLite by default, MySQL
 * when MYSQL_URL is set), migrate, seed an empty catalog, create the first owner, load every
 * cloud function folder, and build the HTTP gateway.
 */
export async function bootLocalRuntime(options: BootOptions): Promise<LocalRuntime> {
  const { config } = options;
  const env = options.env ?? process.env;
  const clock = options.clock ?? systemClock;
  const log = options.log ?? jsonLogger();
  // A fixed demo login keeps `npm start` zero-config; real deployments set both variables.
  const username = env.ADMIN_USERNAME || DEMO_ADMIN.username;
  const password = env.ADMIN_PASSWORD || (env.ADMIN_USERNAME ? '' : DEMO_ADMIN.password);
  if (!password) throw new Error('ADMIN_USERNAME is set but ADMIN_PASSWORD is empty');

  const db = createDb({ mysqlUrl: config.mysqlUrl, sqliteFile: config.sqliteFile, poolMax: 4 });
  await migrateLatest(db);

  const now = clock.now();
  let seeded = false;
  if (options.seed !== false && (await isCatalogEmpty(db))) {
    await seedDemo(db, now);
    seeded = true;
  }
  const createdAdmin = (await ensureFirstOwner(db, username, password, now)) ? { username, password } : null;

  const deps = createLocalDeps({ db, clock, log, config });
  // The demo articles reference media/demo/* — present on every start, also on an old database.
  ensureDemoMedia(config.mediaDir);
  const functions = loadAllFunctions();
  const server = createGateway({
    deps,
    functions,
    allowForgedSource: env.SANDBOX_ALLOW_FORGED_SOURCE === '1',
    adminDistDir: ADMIN_DIST_DIR,
    routes: [
      mediaUploadRoute(deps),
      ...sandboxCashierRoutes(deps, functions),
      ...(deps.media instanceof LocalMediaStore ? [deps.media.route()] : []),
    ],
  });
  return {
    server,
    deps,
    db,
    functions,
    seeded,
    createdAdmin,
    async close() {
      await new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
      await db.destroy();
    },
  };
}
