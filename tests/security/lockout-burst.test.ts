import { createHarness, type Harness } from '../support/harness';
import { MAX_FAILED_LOGINS } from '../../server/domain/staff/auth.service';
import { adminToken, PASSWORD } from '../functions/admin/admin-support';

/**
 * Finding 1 (issue 14): a burst of concurrent guesses must not all be checked. Each attempt claims one of the
 * account's remaining tries in the database before its password is verified, so parallel requests (many cloud
 * function instances) cannot read the same "4 failures so far" and all go on.
 */
describe('admin.login lockout under a burst', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    await adminToken(h, 'target', 'owner');
  });
  afterAll(() => h.close());

  it('30 concurrent wrong guesses then the right password: locked, not logged in', async () => {
    const guesses = Array.from({ length: 29 }, (_, i) => h.call('admin', 'login', { username: 'target', password: 'guess-' + i }));
    const right = h.call('admin', 'login', { username: 'target', password: PASSWORD });
    const results = await Promise.all([...guesses, right]);
    const last = results[results.length - 1];
    expect(last.ok).toBe(false);
    const codes = results.map((r) => (r.ok ? 'OK' : r.error.code));
    // Only MAX_FAILED_LOGINS attempts ever reach the password check; the rest are refused before it.
    expect(codes.filter((c) => c === 'UNAUTHENTICATED').length).toBeLessThanOrEqual(MAX_FAILED_LOGINS);
    expect(codes.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(30 - MAX_FAILED_LOGINS);
    expect(codes).not.toContain('OK');
    await h.fails('RATE_LIMITED', 'admin', 'login', { username: 'target', password: PASSWORD });
    const row = await h.db('admins').where({ username: 'target' }).first();
    expect(row.locked_until).not.toBeNull();
    expect(await h.db('audit_log').where({ action: 'admin.locked' })).toHaveLength(1);
  });
});
