import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { cmsBuildState, cmsSourceHash, CMS_DIR } from '../../server/emulator/cms-build';

/** The stale-build warning compares content, not mtimes: a fresh checkout of a built tree is fresh. */
describe('CMS build state', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zs-cms-'));
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'src/main.ts'), 'console.log(1)');
    fs.writeFileSync(path.join(dir, 'index.html'), '<div id="app"></div>');
    fs.mkdirSync(path.join(dir, 'dist'));
    fs.writeFileSync(path.join(dir, 'dist/index.html'), 'built');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const stamp = () => fs.writeFileSync(path.join(dir, 'dist/.source-hash'), cmsSourceHash(dir) + '\n');

  it('fresh after a build even when every source is newer (a checkout), stale only when a source changes', () => {
    expect(cmsBuildState(path.join(dir, 'dist'), dir)).toBe('stale'); // no stamp: built by something else
    stamp();
    const future = new Date(Date.now() + 3600_000);
    fs.utimesSync(path.join(dir, 'src/main.ts'), future, future);
    expect(cmsBuildState(path.join(dir, 'dist'), dir)).toBe('fresh');
    fs.writeFileSync(path.join(dir, 'src/main.ts'), 'console.log(2)');
    expect(cmsBuildState(path.join(dir, 'dist'), dir)).toBe('stale');
    fs.rmSync(path.join(dir, 'dist/index.html'));
    expect(cmsBuildState(path.join(dir, 'dist'), dir)).toBe('missing');
  });

  it('the build script writes the same hash the runtime computes', () => {
    const script = path.join(CMS_DIR, 'scripts/build-stamp.mjs');
    const out = execFileSync(process.execPath, [
      '--input-type=module',
      '-e',
      `import { sourceHash } from ${JSON.stringify(script)}; console.log(sourceHash(${JSON.stringify(dir)}))`,
    ]);
    expect(out.toString().trim()).toBe(cmsSourceHash(dir));
  });

  it('every `npm run <script>` a hint or the release workflow names exists', () => {
    const root = path.resolve(__dirname, '../..');
    const scripts = Object.keys(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts);
    const texts = [
      fs.readFileSync(path.join(root, 'server/emulator/cms-build.ts'), 'utf8'),
      ...fs.readdirSync(path.join(root, '.github/workflows')).map((f) => fs.readFileSync(path.join(root, '.github/workflows', f), 'utf8')),
    ];
    const named = texts.flatMap((t) => [...t.matchAll(/npm run ([a-z][a-z0-9:_-]*)/g)].map((m) => m[1]));
    expect(named.length).toBeGreaterThan(3);
    expect(named.filter((n) => !scripts.includes(n))).toEqual([]);
  });
});
