#!/usr/bin/env node
/**
 * Root `postinstall`: the sub-projects keep their own dependencies (the mini program's npm
 * packages, its simulate-based tests, miniprogram-ci, the CMS) because their toolchains clash
 * when hoisted together (WECHAT-FACTS: miniprogram-ci hoists an old @babel/core). One root
 * `npm install` must still leave everything ready, so this installs each of them.
 * SKIP_SUBPROJECTS=1 skips it (e.g. a backend-only container).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SUBPROJECTS = ['admin-cms', 'miniprogram', 'mp-tests', 'mp-tools'];

if (process.env.SKIP_SUBPROJECTS === '1') process.exit(0);

for (const dir of SUBPROJECTS) {
  const full = path.join(root, dir);
  if (!fs.existsSync(path.join(full, 'package.json'))) continue;
  const command = fs.existsSync(path.join(full, 'package-lock.json')) ? 'ci' : 'install';
  console.log(`\n▶ npm ${command} in ${dir}/`);
  const npm = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ['npm', []];
  const result = spawnSync(npm[0], [...npm[1], command, '--no-audit', '--no-fund'], { cwd: full, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`npm ${command} failed in ${dir}/`);
    process.exit(result.status ?? 1);
  }
}
