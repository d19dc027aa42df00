#!/usr/bin/env node
/**
 * `npm test`: every backend suite against embedded SQLite, then again against MySQL when it is
 * reachable (MYSQL_URL, default mysql://root@127.0.0.1:3306). REQUIRE_MYSQL=1 (CI) turns an
 * unreachable MySQL into a failure instead of a skipped half. Extra arguments go to jest.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const mysqlUrl = process.env.MYSQL_URL || 'mysql://root@127.0.0.1:3306';
const requireMysql = process.env.REQUIRE_MYSQL === '1';

async function mysqlReachable() {
  const mysql = require('mysql2/promise');
  try {
    const u = new URL(mysqlUrl);
    const conn = await mysql.createConnection({
      host: u.hostname,
      port: Number(u.port || 3306),
      user: decodeURIComponent(u.username || 'root'),
      password: decodeURIComponent(u.password || ''),
      connectTimeout: 3000,
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

// The CMS browser walk needs Debian's Chromium and MySQL (it runs the real runtime on MySQL).
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (fs.existsSync(chromium) && projects.includes('mysql')) {
  projects.push('browser');
} else if (process.env.REQUIRE_BROWSER === '1') {
  console.error(
    `REQUIRE_BROWSER=1 but the browser tests cannot run: ${fs.existsSync(chromium) ? 'MySQL is unreachable' : chromium + ' is missing (apt-get install -y chromium)'}`,
  );
  process.exit(1);
} else {
  console.warn(`\n⚠ Skipping the CMS browser tests (${fs.existsSync(chromium) ? 'no MySQL' : 'no ' + chromium}).\n`);
}

const userArgs = process.argv.slice(2);
const jestBin = require.resolve('jest/bin/jest');
const run = (args, label) => {
  console.log(`\n▶ ${label}\n`);
  return spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, MYSQL_URL: mysqlUrl } }).status ?? 1;
};

let status = run([jestBin, ...userArgs, '--selectProjects', ...projects], `backend suites (${projects.join(' + ')})`);

// The mini program's rendering and flow tests live in their own package (mp-tests/, see its
// jest.config.js). They run when no filter was given, or when a filter names them.
const mpJest = new URL('../mp-tests/node_modules/jest/bin/jest.js', import.meta.url).pathname;
const wantsMp = userArgs.length === 0 || userArgs.some((a) => a.includes('mp-tests'));
if (wantsMp) {
  if (fs.existsSync(mpJest)) {
    const mpArgs = userArgs.filter((a) => a.includes('mp-tests')).map((a) => a.replace(/^.*mp-tests\/?/, '') || '.');
    status =
      run(
        [mpJest, '-c', new URL('../mp-tests/jest.config.js', import.meta.url).pathname, ...mpArgs],
        'mini program (miniprogram-simulate)',
      ) || status;
  } else if (requireMysql || process.env.CI) {
    console.error('mp-tests/node_modules is missing: run `npm install` at the root (it installs the sub-projects).');
    status = 1;
  } else {
    console.warn('\n⚠ mp-tests/ is not installed; skipping the mini program tests (run `npm install` at the root).\n');
  }
}
process.exit(status);
