import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { createDb, type DbClient } from '../../server/db/connection';
import { migrateLatest } from '../../server/db/migrations';

export const DEFAULT_MYSQL_URL = 'mysql://root@127.0.0.1:3306';

export function testDbClient(): DbClient {
  return process.env.TEST_DB === 'mysql' ? 'mysql' : 'sqlite';
}

export interface TestDb {
  db: Knex;
  client: DbClient;
  /** MySQL URL of this file's own database (MySQL runs only). */
  url?: string;
  destroy(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: in-memory SQLite, or a MySQL database of its
 * own (`t_<random>`, dropped afterwards) so parallel workers never see each other's rows.
 */
export async function createTestDb(options: { poolMax?: number } = {}): Promise<TestDb> {
  if (testDbClient() === 'sqlite') {
    const db = createDb({ sqliteFile: ':memory:' });
    await migrateLatest(db);
    return { db, client: 'sqlite', destroy: () => db.destroy() };
  }
  const serverUrl = process.env.MYSQL_URL || DEFAULT_MYSQL_URL;
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = createDb({ mysqlUrl: serverUrl });
  await admin.raw(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = createDb({ mysqlUrl: url.toString(), poolMax: options.poolMax ?? 10 });
  await migrateLatest(db);
  return {
    db,
    client: 'mysql',
    url: url.toString(),
    async destroy() {
      await db.destroy();
      await admin.raw(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.destroy();
    },
  };
}
