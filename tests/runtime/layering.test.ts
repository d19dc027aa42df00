import fs from 'node:fs';
import path from 'node:path';

/**
 * The layers (docs/architecture.md): the runtime depends on nothing above it, and the domain
 * reaches the platform only through ports — never an adapter, the cloud composition or the
 * emulator. Read from the import statements, type-only ones included.
 */
const SERVER = path.resolve(__dirname, '../../server');

function sourcesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourcesUnder(full);
    return /\.ts$/.test(entry.name) ? [full] : [];
  });
}

/** Every module a file imports (static, dynamic, re-export), resolved to a path under server/. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)].map((m) => m[1]);
  return specifiers.filter((s) => s.startsWith('.')).map((s) => path.relative(SERVER, path.resolve(path.dirname(file), s)));
}

function violations(layer: string, forbidden: string[]): string[] {
  return sourcesUnder(path.join(SERVER, layer)).flatMap((file) =>
    importsOf(file)
      .filter((target) => forbidden.some((f) => target === f || target.startsWith(f + path.sep)))
      .map((target) => `${path.relative(SERVER, file)} → ${target}`),
  );
}

describe('layering', () => {
  it('server/runtime imports nothing from the domain, the platform, the adapters or the emulator', () => {
    expect(violations('runtime', ['domain', 'platform', 'adapters', 'emulator'])).toEqual([]);
  });

  it('server/domain imports nothing from the platform, the adapters or the emulator', () => {
    expect(violations('domain', ['platform', 'adapters', 'emulator'])).toEqual([]);
  });

  it("only the two entitlements writers write entitlements (they keep the learners' grants digests)", () => {
    const WRITERS = ['domain/entitlements/entitlement.grant.ts', 'domain/entitlements/entitlement.revoke.ts'];
    const writes =
      /\(\s*'entitlements'\s*\)[^;]*?\.(insert|update|delete|del|increment|decrement|truncate)\(|\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+`?entitlements`?\b/i;
    const found = [...sourcesUnder(SERVER), ...sourcesUnder(path.resolve(SERVER, '../sql/seeds'))]
      .filter((file) => writes.test(fs.readFileSync(file, 'utf8')))
      .map((file) => path.relative(SERVER, file));
    expect(found.sort()).toEqual(WRITERS);
  });

  it('the checker sees a forbidden import when there is one', () => {
    // The emulator composes everything, so it must show up as importing the platform.
    expect(violations('emulator', ['platform']).length).toBeGreaterThan(0);
  });
});
