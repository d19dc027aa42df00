import { localTokenAdminAuth } from '../../../server/adapters/admin-auth/local-token';
import { callerFor } from '../../support/harness';

const NOW = new Date('2026-06-01T02:00:00Z');

describe('local bearer-token AdminAuth adapter', () => {
  const auth = localTokenAdminAuth('secret-a', 60);

  it('round-trips the admin id until the token expires', async () => {
    const { token, expiresAt } = await auth.issue(3, NOW);
    expect(expiresAt).toBe('2026-06-01T02:01:00.000Z');
    expect(await auth.identify(callerFor({ bearer: token }), NOW)).toEqual({ adminId: 3, sessionVersion: 1 });
    const later = await auth.issue(3, NOW, 6);
    expect(await auth.identify(callerFor({ bearer: later.token }), NOW)).toEqual({ adminId: 3, sessionVersion: 6 });
    expect(await auth.identify(callerFor({ bearer: token }), new Date(NOW.getTime() + 60_000))).toBeNull();
  });

  it('rejects a token signed with another secret, a missing credential and garbage', async () => {
    const { token } = await localTokenAdminAuth('secret-b').issue(3, NOW);
    expect(await auth.identify(callerFor({ bearer: token }), NOW)).toBeNull();
    expect(await auth.identify(callerFor({}), NOW)).toBeNull();
    expect(await auth.identify(callerFor({ bearer: 'a.b.c' }), NOW)).toBeNull();
  });
});
