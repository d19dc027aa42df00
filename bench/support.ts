import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { createDb } from '../server/db/connection';
import { computeGrantsDigest } from '../server/domain/entitlements/grants-digest';
import { toEntitlementFacts } from '../server/domain/entitlements/entitlement.repo';
import type { EntitlementFacts } from '../server/domain/access/access.policy';

export const MYSQL_SERVER_URL = process.env.MYSQL_URL || 'mysql://root@127.0.0.1:3306';

export interface ScratchDatabase {
  name: string;
  /** Connection URL of the scratch database. */
  url: string;
  /** A connection to the server itself (status counters, the drop). */
  server: Knex;
}

/**
 * A MySQL database of the bench's own, so its millions of rows never touch anyone's data: created
 * before `run`, dropped after it (kept with BENCH_KEEP=1, to look at the rows).
 */
export async function withScratchDatabase<T>(
  prefix: string,
  run: (scratch: ScratchDatabase) => Promise<T>,
  serverUrl = MYSQL_SERVER_URL,
): Promise<T> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const server = createDb({ mysqlUrl: serverUrl });
  await server.raw(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const restorePool = await holdWorkingSetInMemory(server);
  try {
    return await run({ name, url: url.toString(), server });
  } finally {
    await restorePool();
    if (process.env.BENCH_KEEP !== '1') await server.raw(`DROP DATABASE IF EXISTS \`${name}\``);
    await server.destroy();
  }
}

/** The InnoDB buffer pool the benches run with (BENCH_BUFFER_POOL_MB, default 1024; 0 = leave the server's). */
export const BENCH_BUFFER_POOL_MB = Number(process.env.BENCH_BUFFER_POOL_MB ?? 1024);

/**
 * A production database holds its working set in memory (a TencentDB instance sizes InnoDB's
 * buffer pool to most of its memory); MariaDB's default pool is 128 MB, smaller than a bench's
 * ~450 MB of rows, so random pairs would read pages from the OS cache — about one per access
 * decision, measured — and time that says more about this machine's configuration than about
 * the statements. The pool is raised (online; never lowered) for the bench and put back after.
 */
async function holdWorkingSetInMemory(server: Knex): Promise<() => Promise<void>> {
  if (!BENCH_BUFFER_POOL_MB) return async () => {};
  const [[row]] = (await server.raw('SELECT @@innodb_buffer_pool_size AS size')) as [[{ size: number | string }]];
  const before = Number(row.size);
  const wanted = BENCH_BUFFER_POOL_MB * 1024 * 1024;
  if (before >= wanted) return async () => {};
  try {
    await server.raw(`SET GLOBAL innodb_buffer_pool_size = ${wanted}`);
  } catch (err) {
    console.warn(`(could not raise innodb_buffer_pool_size: ${(err as Error).message}; measuring with ${before / 1048576} MB)`);
    return async () => {};
  }
  return async () => {
    await server.raw(`SET GLOBAL innodb_buffer_pool_size = ${before}`).catch(() => undefined);
  };
}

/** Runs a bench file's entry when the file is executed directly (`npx tsx bench/<name>.ts`). */
export function runWhenMain(mod: NodeModule, bench: () => Promise<void>): void {
  if (require.main !== mod) return;
  bench().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

/**
 * Every learner's grants digest at `now`, as the entitlements writers would have left it after
 * bulk-seeded entitlements: computed by their own function (`computeGrantsDigest`) a range of
 * learners at a time, and written through a scratch table in one UPDATE … JOIN per range.
 */
export async function seedGrantsDigests(db: Knex, now: Date): Promise<void> {
  const bounds = await db('users').min('id as lo').max('id as hi').first();
  const lo = Number(bounds?.lo ?? 1);
  const hi = Number(bounds?.hi ?? 0);
  const RANGE = 10_000;
  // A plain table, not TEMPORARY: a pool of more than one connection would not see a temporary one.
  await db.raw('CREATE TABLE bench_digests (user_id INT PRIMARY KEY, digest TEXT, valid_from DATETIME(3), valid_until DATETIME(3))');
  try {
    for (let first = lo; first <= hi; first += RANGE) {
      const last = Math.min(hi, first + RANGE - 1);
      const rows = await db('entitlements')
        .whereBetween('user_id', [first, last])
        .whereNull('revoked_at')
        .select('user_id', 'scope', 'item_id', 'starts_at', 'expires_at', 'revoked_at');
      const byUser = new Map<number, EntitlementFacts[]>();
      for (let id = first; id <= last; id++) byUser.set(id, []);
      for (const r of rows) byUser.get(Number(r.user_id))?.push(toEntitlementFacts(r));
      const digests = [...byUser].map(([userId, ents]) => {
        const d = computeGrantsDigest(ents, now);
        return { user_id: userId, digest: d.digest, valid_from: d.validFrom, valid_until: d.validUntil };
      });
      await db.batchInsert('bench_digests', digests, 2000);
    }
    await db.raw(
      `UPDATE users u JOIN bench_digests d ON d.user_id = u.id
          SET u.grants_digest = d.digest, u.grants_valid_from = d.valid_from, u.grants_valid_until = d.valid_until`,
    );
  } finally {
    await db.raw('DROP TABLE bench_digests');
  }
}
