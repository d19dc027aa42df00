import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Audit rows are written by one helper only (`inAuditedTransaction` → `writeAudit`), inside the
 * write's own transaction, and every transaction goes through the deadlock-retrying helper. A
 * row inserted by hand skips the redaction of secrets; a raw `.transaction(` skips the retry.
 */
const ROOT = join(__dirname, '../../..');
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}
const files = [...sources(join(ROOT, 'server')), ...sources(join(ROOT, 'cloudfunctions'))].map((path) => ({
  path: relative(ROOT, path),
  text: readFileSync(path, 'utf8'),
}));

describe('one audited-transaction path', () => {
  it('only audit.repo.ts inserts into audit_log', () => {
    const writers = files.filter((f) => /['"]audit_log['"]\s*\)\s*\.insert/.test(f.text)).map((f) => f.path);
    expect(writers).toEqual(['server/domain/audit/audit.repo.ts']);
  });

  it('writeAudit is called only by the audited-transaction helper', () => {
    const callers = files
      .filter((f) => /\bwriteAudit\(/.test(f.text))
      .map((f) => f.path)
      .sort();
    expect(callers).toEqual(['server/domain/audit/audit.repo.ts', 'server/domain/audit/audited-transaction.ts']);
  });

  it('every transaction goes through the retrying helper (no raw .transaction( calls)', () => {
    const raw = files.filter((f) => /\.transaction\(/.test(f.text)).map((f) => f.path);
    expect(raw).toEqual(['server/db/transactions.ts']);
  });
});
