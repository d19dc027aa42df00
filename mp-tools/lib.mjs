/**
 * Shared pieces of the miniprogram-ci scripts (build, upload, preview). miniprogram-ci lives in
 * mp-tools/ (its own package: its install hoists an old @babel/core that would break jest).
 *
 * The source tree (miniprogram/) stays TypeScript-only for WeChat DevTools, whose TypeScript
 * compiler plugin compiles it in place. miniprogram-ci has no TypeScript step, so every build
 * compiles a copy into dist/mp/ with esbuild (one file per file, no bundling: the mini program's
 * own module system and subpackage boundaries stay as written) and hands that copy to the CI.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SRC = path.join(ROOT, 'miniprogram');
export const OUT = path.join(ROOT, 'dist', 'mp');
export const OUT_MP = path.join(OUT, 'miniprogram');

const requireHere = createRequire(import.meta.url);
const requireRoot = createRequire(path.join(ROOT, 'package.json'));

export function loadCi() {
  try {
    return requireHere('miniprogram-ci');
  } catch {
    fail(
      '未安装 miniprogram-ci：请先在仓库根目录运行 npm install（或 npm run install:sub）',
      'miniprogram-ci is not installed: run npm install at the repo root (or npm run install:sub) first',
    );
  }
}

export function fail(zh, en) {
  console.error(`\n✖ ${zh}\n  ${en}\n`);
  process.exit(1);
}

const SKIP_DIRS = new Set(['node_modules', 'miniprogram_npm']);

function* walk(dir, rel = '') {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) yield* walk(path.join(dir, entry.name), rel ? `${rel}/${entry.name}` : entry.name);
    } else {
      yield rel ? `${rel}/${entry.name}` : entry.name;
    }
  }
}

/**
 * The backend a build talks to. DevTools runs the source's config (local mode by default);
 * a release build sets MP_BACKEND=cloud and MP_CLOUD_ENV, written into the compiled copy only.
 */
export function backendOverrides(env = process.env) {
  const mode = (env.MP_BACKEND ?? '').trim();
  if (mode && mode !== 'cloud' && mode !== 'local')
    fail(`MP_BACKEND 只能是 cloud 或 local：${mode}`, `MP_BACKEND must be cloud or local, got ${mode}`);
  return { mode: mode || null, cloudEnv: (env.MP_CLOUD_ENV ?? '').trim() || null };
}

function applyConfig(code, overrides) {
  let out = code;
  const swap = (pattern, value, name) => {
    if (!pattern.test(out)) fail(`config/index.ts 中找不到 ${name}`, `config/index.ts has no ${name} to override`);
    out = out.replace(pattern, `$1${JSON.stringify(value)}`);
  };
  if (overrides.mode) swap(/(mode:\s*)'[a-z]+'/, overrides.mode, 'mode');
  if (overrides.cloudEnv) swap(/(cloudEnv:\s*)'[^']*'/, overrides.cloudEnv, 'cloudEnv');
  return out;
}

/** The mode the compiled copy will run in. */
export function effectiveMode(overrides = backendOverrides()) {
  if (overrides.mode) return overrides.mode;
  return /mode:\s*'cloud'/.test(fs.readFileSync(path.join(SRC, 'config/index.ts'), 'utf8')) ? 'cloud' : 'local';
}

/** miniprogram/ → dist/mp/miniprogram/ with every .ts compiled to .js; returns the file count. */
export function compileTree(overrides = backendOverrides()) {
  const esbuild = requireRoot('esbuild');
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT_MP, { recursive: true });
  let count = 0;
  for (const rel of walk(SRC)) {
    if (rel === 'tsconfig.json' || rel === 'package-lock.json' || rel.endsWith('.d.ts')) continue;
    const from = path.join(SRC, rel);
    if (rel.endsWith('.ts')) {
      const to = path.join(OUT_MP, rel.replace(/\.ts$/, '.js'));
      fs.mkdirSync(path.dirname(to), { recursive: true });
      let source = fs.readFileSync(from, 'utf8');
      if (rel === 'config/index.ts') source = applyConfig(source, overrides);
      const { code } = esbuild.transformSync(source, {
        loader: 'ts',
        format: 'cjs',
        // WeChat's base library 3.x runs ES2017 everywhere; newer syntax is lowered here.
        target: 'es2017',
        sourcefile: rel,
      });
      fs.writeFileSync(to, code);
    } else {
      const to = path.join(OUT_MP, rel);
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.copyFileSync(from, to);
    }
    count++;
  }

  const project = JSON.parse(fs.readFileSync(path.join(ROOT, 'project.config.json'), 'utf8'));
  project.miniprogramRoot = 'miniprogram/';
  delete project.cloudfunctionRoot;
  project.setting = { ...project.setting, useCompilerPlugins: false };
  fs.writeFileSync(path.join(OUT, 'project.config.json'), JSON.stringify(project, null, 2));
  return { count, appid: project.appid };
}

/**
 * 构建 npm: the project is configured with packNpmManually (project.config.json), so npm
 * packages are packed from miniprogram/package.json + its node_modules into `distDir`/miniprogram_npm.
 */
export async function packNpm(ci, distDir) {
  if (!fs.existsSync(path.join(SRC, 'node_modules'))) {
    fail(
      'miniprogram/node_modules 不存在：请先在仓库根目录运行 npm install（或 npm run install:sub）',
      'miniprogram/node_modules is missing: run npm install at the repo root (or npm run install:sub)',
    );
  }
  return ci.packNpmManually({ packageJsonPath: path.join(SRC, 'package.json'), miniprogramNpmDistDir: distDir });
}

/**
 * The CI project over dist/mp. Offline (build) unless a private key is given (upload/preview):
 * without one, miniprogram-ci would fetch the project attributes from WeChat; the `attr`
 * option hands it the defaults (same package-size limits), and the constructor, which insists
 * on some key, gets a placeholder that is never sent anywhere.
 */
export function createProject(ci, { appid, privateKeyPath } = {}) {
  const options = {
    appid,
    type: 'miniProgram',
    projectPath: OUT,
    ignores: ['node_modules/**/*', 'miniprogram/node_modules/**/*', '**/*.ts', '**/*.md'],
  };
  if (privateKeyPath) options.privateKeyPath = privateKeyPath;
  else Object.assign(options, { privateKey: 'offline-build-without-key', attr: async () => ci.DefaultProjectAttr });
  return new ci.Project(options);
}

/** Groups compiled files by package: main and each subpackage root from app.json. */
export function packageSizes(files) {
  const app = JSON.parse(fs.readFileSync(path.join(SRC, 'app.json'), 'utf8'));
  const roots = (app.subPackages ?? app.subpackages ?? []).map((p) => ({ name: p.name ?? p.root, root: p.root.replace(/\/?$/, '/') }));
  const sizes = new Map([['__APP__', 0], ...roots.map((r) => [r.name, 0])]);
  for (const [file, content] of Object.entries(files)) {
    const rel = file.replace(/^\/?(miniprogram\/)?/, '');
    const bytes = Buffer.isBuffer(content) ? content.length : Buffer.byteLength(String(content));
    const owner = roots.find((r) => rel.startsWith(r.root));
    const key = owner ? owner.name : '__APP__';
    sizes.set(key, (sizes.get(key) ?? 0) + bytes);
  }
  return sizes;
}

export const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
