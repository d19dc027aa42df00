import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildFunctions } from '../../scripts/build-functions';

const ROOT = path.resolve(__dirname, '../..');

/** Cold start: the comment bundle loads knex and wx-server-sdk on first use, not at require time. */
describe('comment bundle', () => {
  let out: string;
  beforeAll(async () => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'zs-comment-'));
    await buildFunctions(out, ['comment']);
  }, 120000);
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  it('requires no SDK or database driver when loaded', () => {
    const loaded = execFileSync(
      process.execPath,
      [
        '-e',
        `require(${JSON.stringify(path.join(out, 'comment', 'index.js'))}); process.stdout.write(JSON.stringify(Object.keys(require.cache)));`,
      ],
      { env: { PATH: process.env.PATH, NODE_PATH: path.join(ROOT, 'node_modules') }, cwd: os.tmpdir() },
    ).toString();
    const modules: string[] = JSON.parse(loaded);
    for (const heavy of ['knex', 'mysql2', 'wx-server-sdk']) {
      expect(modules.filter((m) => m.includes(`${path.sep}node_modules${path.sep}${heavy}${path.sep}`))).toEqual([]);
    }
  });

  it('ships the openapi permission msgSecCheck needs', () => {
    expect(JSON.parse(fs.readFileSync(path.join(out, 'comment', 'config.json'), 'utf8'))).toEqual({
      permissions: { openapi: ['security.msgSecCheck'] },
    });
  });
});
