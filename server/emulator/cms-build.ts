import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

export const CMS_DIR = path.resolve(__dirname, '../../admin-cms');

/**
 * `npm start` serves admin-cms/dist. On a fresh checkout it is not built yet, so the first start
 * builds it (about half a minute) — or says exactly what to run when the CMS's own dependencies
 * are not installed. Returns a line for the start banner.
 */
export function ensureCmsBuilt(distDir: string, write: (line: string) => void): string {
  if (fs.existsSync(path.join(distDir, 'index.html'))) return '已构建';
  if (!fs.existsSync(path.join(CMS_DIR, 'node_modules'))) {
    return '未构建：请先运行 npm --prefix admin-cms install && npm run build:cms';
  }
  write('  管理后台尚未构建，正在构建 admin-cms（首次启动，约 30 秒）…\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', 'build'], { cwd: CMS_DIR, stdio: ['ignore', 'inherit', 'inherit'] });
  return result.status === 0 ? '已构建（本次启动时构建）' : '构建失败：请运行 npm run build:cms 查看错误';
}
