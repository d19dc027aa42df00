import knexFactory, { type Knex } from 'knex';
import path from 'node:path';
import fs from 'node:fs';
import { PREPARED_OPTION } from './prepared';

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
  /** MySQL: give up opening a connection after this long (default 3 s; mysql2's own default is 10 s). */
  connectTimeoutMs?: number;
  /**
   * MySQL: a statement without an answer after this long fails and its connection is destroyed (default 10 s). A
   * stalled network otherwise leaves the query — and the pooled connection under it — waiting forever.
   */
  queryTimeoutMs?: number;
  /** MySQL: waiting for a free pooled connection fails after this long (default 5 s; knex's own is 60 s). */
  acquireTimeoutMs?: number;
}

/** The deadlines of a serving runtime (cloud functions, npm start), unless DB_*_TIMEOUT_MS say otherwise. */
export const DB_TIMEOUT_DEFAULTS = { connectTimeoutMs: 3000, queryTimeoutMs: 10_000, acquireTimeoutMs: 5000 } as const;

/** The serving runtimes' deadlines: the defaults, with whatever the configuration sets. */
export function servingTimeouts(configured: Partial<Record<keyof typeof DB_TIMEOUT_DEFAULTS, number | undefined>> = {}) {
  return { ...DB_TIMEOUT_DEFAULTS, ...definedOnly(configured) };
}

/** The error a statement fails with when the database did not answer in time. */
export class DbQueryTimeout extends Error {
  readonly code = 'DB_QUERY_TIMEOUT';
  constructor(ms: number) {
    super(`database did not answer within ${ms} ms`);
    this.name = 'DbQueryTimeout';
  }
}

interface Mysql2ConnectionLike {
  destroy(): void;
  query(options: Record<string, unknown>, values: unknown, cb: (err: Error | null, rows: unknown, fields: unknown) => void): void;
  execute(options: Record<string, unknown>, values: unknown, cb: (err: Error | null, rows: unknown, fields: unknown) => void): void;
}

interface KnexQueryObject {
  sql?: string;
  bindings?: unknown;
  options?: Record<string, unknown>;
  response?: unknown;
}

/** The part of knex's mysql2 dialect class the serving client overrides. */
type KnexMysql2Class = new (config: Knex.Config) => { config: ServingConfig };
type ServingConfig = Knex.Config & { queryDeadlineMs?: number };

let servingClient: KnexMysql2Class | undefined;

/**
 * knex's mysql2 client with its one driver call (`_query`) changed twice:
 *
 * - **Prepared statements** (issue 12): a query whose options carry `prepared: true` runs through
 *   mysql2's `execute` instead of `query` — the server parses it once per connection and reuses
 *   it, and values travel in the binary protocol. knex has no such switch. mysql2 caches the
 *   prepared statement per connection by its text (an LRU of 16 000), so only statements whose
 *   text never changes — `compiledStatement`s — should ask for it.
 * - **A deadline on every statement** (issue 14: a stalled database hung requests for minutes and
 *   filled the pool): without an answer after `queryDeadlineMs` the connection is destroyed — its
 *   protocol state is unknown, and a destroyed connection fails knex's validation, so the pool
 *   discards it instead of handing it out again — and the statement fails at once.
 *
 * A subclass, not a patch of the instance: knex builds each transaction's client from the
 * client's class (`Object.create(client.constructor.prototype)`), so an instance patch never
 * reached statements inside transactions — they ran without a deadline, and unprepared.
 */
function servingMysqlClient(): KnexMysql2Class {
  if (servingClient) return servingClient;
  // Loaded here, not at the top: knex's dialect module is knex itself (the hot functions must not load it on start).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Base = require('knex/lib/dialects/mysql2') as KnexMysql2Class;
  class ServingMysql2Client extends Base {
    _query(connection: Mysql2ConnectionLike, obj: KnexQueryObject): Promise<unknown> {
      const ms = this.config.queryDeadlineMs;
      return ms ? withDeadline(connection, ms, () => runDriverCall(connection, obj)) : runDriverCall(connection, obj);
    }
  }
  servingClient = ServingMysql2Client;
  return servingClient;
}

/** What knex's own mysql `_query` does, with `execute` for statements that ask for it. */
function runDriverCall(connection: Mysql2ConnectionLike, obj: KnexQueryObject): Promise<unknown> {
  if (!obj?.sql) return Promise.resolve(undefined);
  const { [PREPARED_OPTION]: prepared, ...options } = obj.options ?? {};
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, rows: unknown, fields: unknown) => {
      if (err) return reject(err);
      obj.response = [rows, fields];
      resolve(obj);
    };
    if (prepared) connection.execute({ ...options, sql: obj.sql }, obj.bindings ?? [], done);
    else connection.query({ ...options, sql: obj.sql }, obj.bindings, done);
  });
}

function withDeadline(connection: Mysql2ConnectionLike, ms: number, call: () => Promise<unknown>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      try {
        connection.destroy();
      } catch {
        // already gone
      }
      reject(new DbQueryTimeout(ms));
    }, ms);
    call().then(
      (value) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(err);
      },
    );
  });
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

function definedOnly(
  s: Partial<Record<keyof typeof DB_TIMEOUT_DEFAULTS, number | undefined>>,
): Partial<Record<keyof typeof DB_TIMEOUT_DEFAULTS, number>> {
  const out: Partial<Record<keyof typeof DB_TIMEOUT_DEFAULTS, number>> = {};
  for (const key of ['connectTimeoutMs', 'queryTimeoutMs', 'acquireTimeoutMs'] as const) {
    const v = s[key];
    if (typeof v === 'number' && Number.isFinite(v) && v > 0) out[key] = v;
  }
  return out;
}

export function createDb(settings: DbSettings): Knex {
  if (settings.mysqlUrl) {
    // Deadlines apply when given: the serving runtimes pass `servingTimeouts(…)`; migrations, seeds and benches,
    // whose statements may legitimately run long, keep the drivers' defaults.
    const t = definedOnly(settings);
    const config: ServingConfig = {
      client: servingMysqlClient() as unknown as Knex.Config['client'],
      connection: { ...parseMysqlUrl(settings.mysqlUrl), ...(t.connectTimeoutMs ? { connectTimeout: t.connectTimeoutMs } : {}) },
      ...(t.acquireTimeoutMs ? { acquireConnectionTimeout: t.acquireTimeoutMs } : {}),
      // min 0: no connection is kept open for nothing; a broken one is dropped on release (knex validates on acquire).
      pool: { min: 0, max: settings.poolMax ?? 1, ...(t.connectTimeoutMs ? { createTimeoutMillis: t.connectTimeoutMs + 500 } : {}) },
      ...(t.queryTimeoutMs ? { queryDeadlineMs: t.queryTimeoutMs } : {}),
    };
    return knexFactory(config);
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

/** Whether the database answers `SELECT 1` within `ms` (health checks): never throws, never waits longer. */
export async function pingDb(db: Knex, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      db.raw('select 1').then(
        () => true,
        () => false,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
