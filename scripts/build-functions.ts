/**
 * `npm run build`: bundles every cloudfunctions/<name>/index.ts with esbuild into a deployable
 * folder — index.js exporting `main`, plus a package.json that lists only the dependencies left
 * external (CloudBase installs them in the cloud: "installDependency": true).
 *
 * Usage: tsx scripts/build-functions.ts [--out DIR] [name …]   (default out: cloudfunctions/)
 */
import { build, type Metafile } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { listFunctionNames, CLOUDFUNCTIONS_DIR } from '../server/emulator/functions';

const ROOT = path.resolve(__dirname, '..');

/**
 * Left out of the bundle: SDKs with native parts, dynamic requires or large data files, which
 * the cloud installs from npm. Everything else (zod, tcb-router, our code) is bundled.
 */
export const EXTERNAL = ['wx-server-sdk', '@cloudbase/node-sdk', 'wechatpay-node-v3', 'knex', 'mysql2', 'better-sqlite3'];

export interface BuiltFunction {
  name: string;
  dir: string;
  bytes: number;
  dependencies: Record<string, string>;
}

function externalsUsed(metafile: Metafile): string[] {
  const used = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const imp of output.imports) {
      if (!imp.external) continue;
      const pkg = EXTERNAL.find((e) => imp.path === e || imp.path.startsWith(e + '/'));
      if (pkg) used.add(pkg);
    }
  }
  return [...used].sort();
}

export async function buildFunctions(outRoot = CLOUDFUNCTIONS_DIR, only?: string[]): Promise<BuiltFunction[]> {
  const rootPkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const names = listFunctionNames().filter((n) => !only?.length || only.includes(n));
  const built: BuiltFunction[] = [];
  for (const name of names) {
    const dir = path.join(outRoot, name);
    fs.mkdirSync(dir, { recursive: true });
    const result = await build({
      entryPoints: [path.join(CLOUDFUNCTIONS_DIR, name, 'index.ts')],
      outfile: path.join(dir, 'index.js'),
      bundle: true,
      platform: 'node',
      target: 'node18',
      format: 'cjs',
      // ESM entry points first, so unused parts of libraries can be dropped.
      mainFields: ['module', 'main'],
      external: EXTERNAL,
      metafile: true,
      minify: false,
      sourcemap: false,
      legalComments: 'none',
      logLevel: 'warning',
    });
    const used = externalsUsed(result.metafile)
      // better-sqlite3 is the local database only; knex never loads it in the cloud (MYSQL_URL is required there).
      .filter((dep) => dep !== 'better-sqlite3');
    // knex loads its driver by client name at runtime, which esbuild cannot see.
    if (used.includes('knex') && !used.includes('mysql2')) used.push('mysql2');
    const dependencies = Object.fromEntries(used.sort().map((dep) => [dep, rootPkg.dependencies[dep]]));
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ name, version: '1.0.0', private: true, main: 'index.js', dependencies }, null, 2) + '\n',
    );
    const configSrc = path.join(CLOUDFUNCTIONS_DIR, name, 'config.json');
    if (outRoot !== CLOUDFUNCTIONS_DIR && fs.existsSync(configSrc)) fs.copyFileSync(configSrc, path.join(dir, 'config.json'));
    built.push({ name, dir, bytes: fs.statSync(path.join(dir, 'index.js')).size, dependencies });
  }
  return built;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const out = outIndex >= 0 ? path.resolve(args[outIndex + 1]) : CLOUDFUNCTIONS_DIR;
  const only = args.filter((_, i) => i !== outIndex && i !== outIndex + 1);
  buildFunctions(out, only).then(
    (built) => {
      for (const f of built) {
        console.log(
          `${f.name.padEnd(12)} ${(f.bytes / 1024).toFixed(1).padStart(8)} KB  deps: ${Object.keys(f.dependencies).join(', ') || '(none)'}`,
        );
      }
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
