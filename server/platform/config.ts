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
  /** Local CMS bearer-token HMAC secret; random per process when unset. */
  adminTokenSecret: string;
  /** Cloud: the CloudBase custom-login private key file contents (JSON), for createTicket. */
  tcbCustomLoginKey?: string;
  /** Where the emulator stores uploaded media (DATA_DIR/media). */
  mediaDir: string;
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
    adminTokenSecret: env.ADMIN_TOKEN_SECRET || randomBytes(32).toString('hex'),
    tcbCustomLoginKey: env.TCB_CUSTOM_LOGIN_KEY || undefined,
    mediaDir: path.join(dataDir, 'media'),
  };
}
