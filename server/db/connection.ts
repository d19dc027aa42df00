import knexFactory, { type Knex } from 'knex';
import path from 'node:path';
import fs from 'node:fs';

export type { DbClient } from './dialect';
export { dbClientOf } from './dialect';

export interface DbSettings {
  /** `mysql://user:pass@host:port/db`; absent = embedded SQLite. */
  mysqlUrl?: string;
  /** SQLite file, or ':memory:'. */
  sqliteFile?: string;
  /**
   * Cloud functions hold one connection per instance (WECHAT-FACTS: 1000 concurrent instances
   * × knex's default pool of 10 would exhaust a TencentDB instance).
   */
  poolMax?: number;
}

export function parseMysqlUrl(url: string): Knex.MySql2ConnectionConfig {
  const u = new URL(url);
  if (u.protocol !== 'mysql:') throw new Error(`MYSQL_URL must start with mysql:// (got ${u.protocol})`);
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 3306,
    user: decodeURIComponent(u.username || 'root'),
    password: decodeURIComponent(u.password || ''),
    database: u.pathname.replace(/^\//, '') || undefined,
    // Times are stored in UTC; without this mysql2 would convert with the process's local zone.
    timezone: 'Z',
    charset: 'utf8mb4',
    supportBigNumbers: true,
  };
}

export function createDb(settings: DbSettings): Knex {
  if (settings.mysqlUrl) {
    return knexFactory({
      client: 'mysql2',
      connection: parseMysqlUrl(settings.mysqlUrl),
      pool: { min: 0, max: settings.poolMax ?? 1 },
    });
  }
  const filename = settings.sqliteFile ?? ':memory:';
  if (filename !== ':memory:') fs.mkdirSync(path.dirname(filename), { recursive: true });
  return knexFactory({
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    // better-sqlite3 is synchronous and SQLite has one writer: one connection avoids SQLITE_BUSY.
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: { pragma(sql: string): unknown }, done: (err: Error | null, conn: unknown) => void) {
        conn.pragma('foreign_keys = ON');
        if (filename !== ':memory:') conn.pragma('journal_mode = WAL');
        done(null, conn);
      },
    },
  });
}
