/**
 * `npm run bench:mp`: the mini program's package sizes as WeChat counts them — runs
 * `npm run mp:build` (mp-tools/build.mjs: compile, 构建 npm, miniprogram-ci's getCompiledResult
 * with minify, checkCodeQuality), prints its report, and ends with a JSON summary of the main
 * package and the subpackages. Goal: main package ≤ 1 MB (WeChat's hard limit is 2 MB,
 * checkCodeQuality warns above 1.5 MB).
 *
 * miniprogram-ci's npm build needs real node_modules: in a git worktree whose node_modules are
 * symlinks it fails — run it from a checkout with installed dependencies.
 */
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { runWhenMain } from './support';

const ROOT = path.resolve(__dirname, '..');
const MAIN_GOAL_KB = 1024;

function toKb(text: string): number {
  const m = /([\d.]+)\s*(KB|MB|B)\b/.exec(text);
  if (!m) return NaN;
  const n = Number(m[1]);
  return m[2] === 'MB' ? n * 1024 : m[2] === 'B' ? n / 1024 : n;
}

export async function benchMp(): Promise<void> {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'mp-tools/build.mjs')], { cwd: ROOT, encoding: 'utf8' });
  const out = `${run.stdout ?? ''}${run.stderr ?? ''}`;
  console.log(`\n小程序包体积 / mini program packages (mp:build)\n`);
  console.log(out.trim());
  const sizes: Record<string, number> = {};
  for (const line of out.split('\n')) {
    const m = /^\s*(主包 main|分包 (\S+)|合计 total):\s*(.+)$/.exec(line);
    if (m) sizes[m[2] ?? (m[1].startsWith('主包') ? 'main' : 'total')] = Number(toKb(m[3]).toFixed(1));
  }
  const main = sizes.main;
  console.log(`\nmain package ${main ?? '?'} KB (goal ≤ ${MAIN_GOAL_KB} KB)`);
  console.log(
    JSON.stringify({
      bench: 'mp',
      ok: run.status === 0,
      mainKb: main ?? null,
      totalKb: sizes.total ?? null,
      subpackagesKb: Object.fromEntries(Object.entries(sizes).filter(([k]) => k !== 'main' && k !== 'total')),
      load1: Number(os.loadavg()[0].toFixed(2)),
    }),
  );
  if (run.status !== 0) process.exitCode = 1;
}

runWhenMain(module, benchMp);
