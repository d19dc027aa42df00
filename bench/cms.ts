/**
 * `npm run bench:cms`: what each CMS page downloads. Builds admin-cms (vite, with its manifest)
 * and follows the import graph: a page loads the entry chunk and its static imports, then its
 * route's chunk and that chunk's static imports (dynamic imports load later, on use). Reports JS
 * and CSS per page, raw and gzipped (the .gz files the build writes beside each asset, which the
 * local runtime serves), whether ECharts is in it, and the whole build. Goal: the login page's
 * JS ≤ 250 KB gzipped; ECharts only on the dashboard. The last line is a JSON summary.
 * BENCH_CMS_NO_BUILD=1 measures an existing admin-cms/dist.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { runWhenMain } from './support';

const CMS = path.resolve(__dirname, '../admin-cms');
const DIST = path.join(CMS, 'dist');

interface Chunk {
  file: string;
  imports?: string[];
  css?: string[];
  isEntry?: boolean;
}

const PAGES: Array<[string, string[]]> = [
  ['login', ['src/views/LoginView.vue']],
  ['dashboard', ['src/components/AdminLayout.vue', 'src/views/DashboardView.vue']],
  ['content', ['src/components/AdminLayout.vue', 'src/views/content/ContentView.vue']],
  ['orders', ['src/components/AdminLayout.vue', 'src/views/OrdersView.vue']],
];

function gzBytes(file: string): number {
  const gz = `${file}.gz`;
  return fs.existsSync(gz) ? fs.statSync(gz).size : zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
}

export async function benchCms(): Promise<void> {
  if (process.env.BENCH_CMS_NO_BUILD !== '1') {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const built = spawnSync(npm, ['run', 'build'], { cwd: CMS, stdio: ['ignore', 'ignore', 'inherit'] });
    if (built.status !== 0) throw new Error('admin-cms build failed');
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(DIST, '.vite/manifest.json'), 'utf8')) as Record<string, Chunk>;
  const closure = (keys: string[]): Set<string> => {
    const seen = new Set<string>();
    const visit = (key: string) => {
      if (seen.has(key) || !manifest[key]) return;
      seen.add(key);
      for (const k of manifest[key].imports ?? []) visit(k);
    };
    keys.forEach(visit);
    return seen;
  };
  // ECharts instances expose getZr() (their zrender); the minified chunk keeps the name.
  const charting = (file: string) => /getZr\(/.test(fs.readFileSync(path.join(DIST, file), 'utf8'));
  const rows: Array<Record<string, number | string | boolean>> = [];
  for (const [page, keys] of PAGES) {
    const chunks = [...closure(['index.html', ...keys])].map((k) => manifest[k]);
    const js = chunks.map((c) => c.file);
    const css = [...new Set(chunks.flatMap((c) => c.css ?? []))];
    const sum = (files: string[], f: (p: string) => number) => files.reduce((s, file) => s + f(path.join(DIST, file)), 0);
    rows.push({
      page,
      jsKb: sum(js, (p) => fs.statSync(p).size) / 1024,
      jsGzKb: sum(js, gzBytes) / 1024,
      cssGzKb: sum(css, gzBytes) / 1024,
      files: js.length,
      echarts: js.some(charting),
    });
  }
  const allJs = fs.readdirSync(path.join(DIST, 'assets')).filter((f) => f.endsWith('.js'));
  const totalGz = allJs.reduce((s, f) => s + gzBytes(path.join(DIST, 'assets', f)), 0) / 1024;
  console.log(`\n管理后台体积 / CMS weight (vite build; gz = the precompressed files served)\n`);
  console.log(
    `${'page'.padEnd(12)} ${'JS KB'.padStart(9)} ${'JS gz KB'.padStart(9)} ${'CSS gz KB'.padStart(10)} ${'chunks'.padStart(7)}  echarts`,
  );
  for (const r of rows) {
    console.log(
      `${String(r.page).padEnd(12)} ${(r.jsKb as number).toFixed(1).padStart(9)} ${(r.jsGzKb as number).toFixed(1).padStart(9)} ${(r.cssGzKb as number).toFixed(1).padStart(10)} ${String(r.files).padStart(7)}  ${r.echarts ? 'yes' : 'no'}`,
    );
  }
  console.log(
    `all JS of the build: ${allJs.length} files, ${totalGz.toFixed(1)} KB gzipped   (goal: login JS ≤ 250 KB gz, ECharts on the dashboard only)`,
  );
  const login = rows[0];
  console.log(
    JSON.stringify({
      bench: 'cms',
      loginJsGzKb: Number((login.jsGzKb as number).toFixed(1)),
      loginHasEcharts: login.echarts,
      dashboardJsGzKb: Number((rows[1].jsGzKb as number).toFixed(1)),
      pagesWithEcharts: rows.filter((r) => r.echarts).map((r) => r.page),
      allJsGzKb: Number(totalGz.toFixed(1)),
      load1: Number(os.loadavg()[0].toFixed(2)),
    }),
  );
}

runWhenMain(module, benchCms);
