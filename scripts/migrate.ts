/**
 * `npm run migrate [up|down|status|seed]` against MYSQL_URL (or the local SQLite file).
 * `seed` loads the demo catalog into an empty database and creates the first owner from
 * ADMIN_USERNAME / ADMIN_PASSWORD.
 */
import { createDb } from '../server/db/connection';
import { migrateLatest, migrateRollback, migrationStatus } from '../server/db/migrations';
import { loadConfig } from '../server/platform/config';
import { isCatalogEmpty, seedDemo } from '../sql/seeds/demo';
import { ensureFirstOwner } from '../server/domain/staff/staff.repo';

async function run(command: string): Promise<void> {
  const config = loadConfig(process.env);
  const db = createDb({ mysqlUrl: config.mysqlUrl, sqliteFile: config.sqliteFile });
  try {
    if (command === 'up') console.log('applied:', await migrateLatest(db));
    else if (command === 'down') console.log('reverted:', await migrateRollback(db, process.argv.includes('--all')));
    else if (command === 'status') {
      const { done, pending } = await migrationStatus(db);
      for (const name of done) console.log(`  ✔ ${name}`);
      for (const name of pending) console.log(`  … ${name} (pending)`);
    } else if (command === 'seed') {
      await migrateLatest(db);
      if (await isCatalogEmpty(db)) console.log('seeded:', await seedDemo(db, new Date()));
      else console.log('catalog not empty; demo content skipped');
      const { ADMIN_USERNAME, ADMIN_PASSWORD } = process.env;
      if (ADMIN_USERNAME && ADMIN_PASSWORD) {
        console.log(
          (await ensureFirstOwner(db, ADMIN_USERNAME, ADMIN_PASSWORD, new Date())) ? 'owner created' : 'admins exist; owner unchanged',
        );
      }
    } else {
      throw new Error(`unknown command "${command}" (use up | down [--all] | status | seed)`);
    }
  } finally {
    await db.destroy();
  }
}

run(process.argv[2] ?? 'up').catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
