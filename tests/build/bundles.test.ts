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
