import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildFunctions, EXTERNAL } from '../../scripts/build-functions';
import { listFunctionNames } from '../../server/emulator/functions';

const ROOT = path.resolve(__dirname, '../..');

describe('deployable bundles (npm run build)', () => {
  let out: string;
  beforeAll(async () => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'zs-bundles-'));
    await buildFunctions(out);
  }, 120000);
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  it('builds every function folder', () => {
    expect(fs.readdirSync(out).sort()).toEqual(listFunctionNames());
  });

  it.each(listFunctionNames())('%s loads in a clean process, exports main, and lists only external deps', (name) => {
    const dir = path.join(out, name);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    for (const dep of Object.keys(pkg.dependencies)) expect(EXTERNAL).toContain(dep);
    expect(pkg.dependencies).not.toHaveProperty('better-sqlite3');
    const printed = execFileSync(
      process.execPath,
      ['-e', `const m = require(${JSON.stringify(path.join(dir, 'index.js'))}); process.stdout.write(typeof m.main);`],
      // Only the project's node_modules, as CloudBase installs them; no ts loader, no jest.
      { env: { PATH: process.env.PATH, NODE_PATH: path.join(ROOT, 'node_modules') }, cwd: os.tmpdir() },
    ).toString();
    expect(printed).toBe('function');
  });

  // Cold start (issue 12, bench:cold): the hot functions must not pull the heavy packages in when
  // they load — the database driver and query builder come with the first call, the SDKs with
  // the actions that need them. A stray import (a constant from connection.ts) cost 90 ms once.
  it.each(['catalog', 'access', 'progress'])('%s loads without requiring knex, mysql2 or an SDK', (name) => {
    const printed = execFileSync(
      process.execPath,
      [
        '-e',
        `require(${JSON.stringify(path.join(out, name, 'index.js'))});
         const loaded = Object.keys(require.cache).filter((f) => f.includes('node_modules')).map((f) => { const p = f.split('node_modules/').pop().split('/'); return p[0].startsWith('@') ? p[0] + '/' + p[1] : p[0]; });
         process.stdout.write(JSON.stringify([...new Set(loaded)]));`,
      ],
      { env: { PATH: process.env.PATH, NODE_PATH: path.join(ROOT, 'node_modules') }, cwd: os.tmpdir() },
    ).toString();
    const loaded: string[] = JSON.parse(printed);
    for (const heavy of ['knex', 'mysql2', 'wx-server-sdk', '@cloudbase/node-sdk', 'wechatpay-node-v3'])
      expect(loaded).not.toContain(heavy);
  });

  it.each(listFunctionNames())('%s builds its cloud deps through the platform host on its first call', (name) => {
    // Without MYSQL_URL the platform's cloudDeps refuses: reaching that message proves the function
    // handed defineFunction its cloud host (the runtime itself knows no platform).
    const printed = execFileSync(
      process.execPath,
      [
        '-e',
        `require(${JSON.stringify(path.join(out, name, 'index.js'))}).main({}).then(() => process.stdout.write('answered'), (e) => process.stdout.write(e.message));`,
      ],
      { env: { PATH: process.env.PATH, NODE_PATH: path.join(ROOT, 'node_modules') }, cwd: os.tmpdir() },
    ).toString();
    expect(printed).toBe('MYSQL_URL is not set for this cloud function');
  });
});
