#!/usr/bin/env node
/**
 * `npm test`: every backend suite against embedded SQLite, then again against MySQL when it is
 * reachable (MYSQL_URL, default mysql://root@127.0.0.1:3306). REQUIRE_MYSQL=1 (CI) turns an
 * unreachable MySQL into a failure instead of a skipped half. Extra arguments go to jest.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const mysqlUrl = process.env.MYSQL_URL || 'mysql://root@127.0.0.1:3306';
const requireMysql = process.env.REQUIRE_MYSQL === '1';

async function mysqlReachable() {
  const mysql = require('mysql2/promise');
  try {
    const u = new URL(mysqlUrl);
    const conn = await mysql.createConnection({
      host: u.hostname, port: Number(u.port || 3306), user: decodeURIComponent(u.username || 'root'),
      password: decodeURIComponent(u.password || ''), connectTimeout: 3000,
    });
    await conn.query('SELECT 1');
    await conn.end();
    return true;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

const reachable = await mysqlReachable();
const projects = ['sqlite'];
if (reachable === true) {
  projects.push('mysql');
} else if (requireMysql) {
  console.error(`REQUIRE_MYSQL=1 but MySQL at ${mysqlUrl} is unreachable: ${reachable}`);
  process.exit(1);
} else {
  console.warn(`\n⚠ MySQL at ${mysqlUrl} is unreachable (${reachable}); running the SQLite half only.\n`);
}

const jestBin = require.resolve('jest/bin/jest');
const args = [jestBin, ...process.argv.slice(2), '--selectProjects', ...projects];
const result = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, MYSQL_URL: mysqlUrl } });
process.exit(result.status ?? 1);
