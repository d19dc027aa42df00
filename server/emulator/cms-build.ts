import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

export const CMS_DIR = path.resolve(__dirname, '../../admin-cms');

function newestMtime(entry: string): number {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(entry).reduce((max, name) => Math.max(max, newestMtime(path.join(entry, name))), stat.mtimeMs);
}

/** Missing, or older than any CMS source file (e.g. after a `git pull`). */
export function cmsBuildState(distDir: string): 'fresh' | 'missing' | 'stale' {
  const built = path.join(distDir, 'index.html');
  if (!fs.existsSync(built)) return 'missing';
  const sources = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((f) => newestMtime(path.join(CMS_DIR, f)));
  return Math.max(...sources) > fs.statSync(built).mtimeMs ? 'stale' : 'fresh';
}

/** Runs `vite build` in admin-cms/ (its own package.json). */
export function buildCms(): boolean {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  return spawnSync(npm, ['run', 'build'], { cwd: CMS_DIR, stdio: ['ignore', 'inherit', 'inherit'] }).status === 0;
}

/**
 * `npm start` serves admin-cms/dist. On a fresh checkout it is not built yet, so the first start
 * builds it (about half a minute) — or says exactly what to run when the CMS's own dependencies
 * are not installed. A stale build is served as is, with a hint. Returns a line for the banner.
 */
export function ensureCmsBuilt(distDir: string, write: (line: string) => void): string {
  const state = cmsBuildState(distDir);
  if (state === 'fresh') return '已构建';
  if (state === 'stale') return '构建早于源码，运行 npm run build:cms 更新';
  if (!fs.existsSync(path.join(CMS_DIR, 'node_modules'))) {
    return '未构建：请先运行 npm run install:cms && npm run build:cms';
  }
  write('  管理后台尚未构建，正在构建 admin-cms（首次启动，约 30 秒）…\n');
  return buildCms() ? '已构建（本次启动时构建）' : '构建失败：请运行 npm run build:cms 查看错误';
}
