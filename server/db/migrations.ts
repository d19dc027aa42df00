import type { Knex } from 'knex';
import fs from 'node:fs';
import path from 'node:path';

interface MigrationModule {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

export const MIGRATIONS_DIR = path.resolve(__dirname, '../../sql/migrations');

/**
 * Reads `sql/migrations/*.ts` with plain `require`, so the same files run under tsx (npm start,
 * npm run migrate) and under jest's transform without knex's own dynamic-import loader.
 * Names are the file names without extension, which is what knex records in its table.
 * `yyyyMMdd_nnn_what` or, for work done in parallel, `yyyyMMdd_<issue>_<nnn>_what` (issue numbers
 * keep parallel branches from colliding).
 */
class DirectoryMigrationSource implements Knex.MigrationSource<string> {
  constructor(private readonly dir: string) {}

  async getMigrations(): Promise<string[]> {
    return fs
      .readdirSync(this.dir)
      .filter((f) => /^\d{8}_\d{2,3}_[a-z0-9_]+\.(ts|js)$/.test(f))
      .map((f) => f.replace(/\.(ts|js)$/, ''))
      .sort();
  }

  getMigrationName(name: string): string {
    return name;
  }

  async getMigration(name: string): Promise<MigrationModule> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(path.join(this.dir, name)) as MigrationModule;
  }
}

const config = (): Knex.MigratorConfig => ({
  migrationSource: new DirectoryMigrationSource(MIGRATIONS_DIR),
  tableName: 'knex_migrations',
});

export async function migrateLatest(db: Knex): Promise<string[]> {
  const [, applied] = (await db.migrate.latest(config())) as [number, string[]];
  return applied;
}

export async function migrateRollback(db: Knex, all = false): Promise<string[]> {
  const [, reverted] = (await db.migrate.rollback(config(), all)) as [number, string[]];
  return reverted;
}

export async function migrationStatus(db: Knex): Promise<{ done: string[]; pending: string[] }> {
  const [done, pending] = (await db.migrate.list(config())) as [Array<{ name: string } | string>, Array<{ file: string } | string>];
  const name = (x: { name: string } | { file: string } | string) => (typeof x === 'string' ? x : 'name' in x ? x.name : x.file);
  return { done: done.map(name), pending: pending.map(name) };
}
