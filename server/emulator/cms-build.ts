import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';

export const CMS_DIR = path.resolve(__dirname, '../../admin-cms');

// The same inputs and digest as admin-cms/scripts/build-stamp.mjs, which writes dist/.source-hash
// after every `vite build` (tests/emulator/cms-build.test.ts keeps the two in step).
const INPUTS = ['src', 'index.html', 'vite.config.ts', 'package.json', 'package-lock.json', 'tsconfig.json'];

function files(entry: string): string[] {
  if (!fs.existsSync(entry)) return [];
  if (!fs.statSync(entry).isDirectory()) return [entry];
  return fs
    .readdirSync(entry)
    .sort()
    .flatMap((name) => files(path.join(entry, name)));
}

/** sha256 over the CMS sources' paths and contents: mtimes change on every checkout, contents do not. */
export function cmsSourceHash(dir = CMS_DIR): string {
  const hash = crypto.createHash('sha256');
  for (const file of INPUTS.flatMap((f) => files(path.join(dir, f)))) {
    hash.update(path.relative(dir, file).split(path.sep).join('/')).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** Missing, or built from other sources than the ones here now (e.g. after a `git pull`). */
export function cmsBuildState(distDir: string, sourceDir = CMS_DIR): 'fresh' | 'missing' | 'stale' {
  if (!fs.existsSync(path.join(distDir, 'index.html'))) return 'missing';
  const stampFile = path.join(distDir, '.source-hash');
  const stamp = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, 'utf8').trim() : '';
  return stamp === cmsSourceHash(sourceDir) ? 'fresh' : 'stale';
}

/** Runs `vite build` in admin-cms/ (its own package.json; the build stamps dist/.source-hash). */
export function buildCms(): boolean {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  return spawnSync(npm, ['run', 'build'], { cwd: CMS_DIR, stdio: ['ignore', 'inherit', 'inherit'] }).status === 0;
}

/**
 * `npm start` serves admin-cms/dist. On a fresh checkout it is not built yet, so the first start
 * builds it (about half a minute) — or says exactly what to run when the CMS's own dependencies
 * are not installed (the root `npm install` installs them: scripts/install-subprojects.mjs). A
 * stale build is served as is, with a hint. Returns a line for the banner.
 */
export function ensureCmsBuilt(distDir: string, write: (line: string) => void): string {
  const state = cmsBuildState(distDir);
  if (state === 'fresh') return '已构建';
  if (state === 'stale') return '构建与当前源码不一致，运行 npm run build:cms 更新';
  if (!fs.existsSync(path.join(CMS_DIR, 'node_modules'))) {
    return '未构建：请先运行 npm run install:sub && npm run build:cms';
  }
  write('  管理后台尚未构建，正在构建 admin-cms（首次启动，约 30 秒）…\n');
  return buildCms() ? '已构建（本次启动时构建）' : '构建失败：请运行 npm run build:cms 查看错误';
}
