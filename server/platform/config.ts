import path from 'node:path';
import { randomBytes } from 'node:crypto';

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
  /** Local media files (the local MediaStore serves `media/<path>` file ids from here). */
  mediaDir: string;
  /**
   * HMAC key of the local signed media URLs. Unset = a random key per process, so links die
   * with the process — fine for local runs; set it when several processes must agree.
   */
  mediaSigningSecret: string;
  /** CloudBase env id (the platform sets TCB_ENV); avatars must be files of this env. */
  cloudEnvId?: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${env.PORT}`);
  const dataDir = env.DATA_DIR ?? path.resolve(process.cwd(), '.data');
  return {
    mysqlUrl: env.MYSQL_URL || undefined,
    sqliteFile: env.SQLITE_FILE ?? path.join(dataDir, 'app.sqlite'),
    publicBaseUrl: (env.PUBLIC_BASE_URL ?? `http://127.0.0.1:${port}`).replace(/\/$/, ''),
    port,
    mediaDir: path.join(dataDir, 'media'),
    mediaSigningSecret: env.MEDIA_SIGNING_SECRET || randomBytes(32).toString('hex'),
    cloudEnvId: env.TCB_ENV || env.TCB_ENV_ID || undefined,
  };
}
