import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { createDb } from '../server/db/connection';

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
  try {
    return await run({ name, url: url.toString(), server });
  } finally {
    if (process.env.BENCH_KEEP !== '1') await server.raw(`DROP DATABASE IF EXISTS \`${name}\``);
    await server.destroy();
  }
}

/** Runs a bench file's entry when the file is executed directly (`npx tsx bench/<name>.ts`). */
export function runWhenMain(mod: NodeModule, bench: () => Promise<void>): void {
  if (require.main !== mod) return;
  bench().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
