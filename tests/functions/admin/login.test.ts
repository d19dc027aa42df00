import { createHarness, type Harness } from '../../support/harness';
import { BAD_LOGIN_MESSAGE, LOCK_MINUTES, MAX_FAILED_LOGINS } from '../../../server/domain/staff/auth.service';
import { adminToken, PASSWORD } from './admin-support';

describe('admin login', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    await adminToken(h, 'owner1', 'owner');
  });
  afterAll(() => h.close());

  it('returns a token, its expiry and the admin with their permissions', async () => {
    const data = await h.ok('admin', 'login', { username: 'owner1', password: PASSWORD });
    expect(data).toMatchObject({ admin: { username: 'owner1', role: 'owner' }, expiresAt: expect.any(String), token: expect.any(String) });
    expect(data.admin.permissions).toContain('staff');
    expect(data.ticket).toBeUndefined(); // tickets are the cloud adapter's
    const me = await h.ok('admin', 'me', {}, { bearer: data.token });
    expect(me.admin.username).toBe('owner1');
  });

  it('answers an unknown user and a wrong password with the same code and message', async () => {
    const unknown = await h.fails('UNAUTHENTICATED', 'admin', 'login', { username: 'nobody', password: PASSWORD });
    const wrong = await h.fails('UNAUTHENTICATED', 'admin', 'login', { username: 'owner1', password: 'not-it' });
    expect(unknown.message).toBe(BAD_LOGIN_MESSAGE);
    expect(wrong.message).toBe(BAD_LOGIN_MESSAGE);
    await h.ok('admin', 'login', { username: 'owner1', password: PASSWORD }); // resets the counter
  });

  it('rejects bad input without touching the account', async () => {
    for (const input of [
      {},
      { username: 'owner1' },
      { username: 1, password: 'x' },
      { username: 'owner1', password: 'x'.repeat(129) },
      { username: 'owner1', password: PASSWORD, role: 'owner' },
    ]) {
      await h.fails('INVALID_INPUT', 'admin', 'login', input as Record<string, unknown>);
    }
    expect((await h.db('admins').where({ username: 'owner1' }).first()).failed_logins).toBe(0);
  });

  it(`locks the account for ${LOCK_MINUTES} minutes after ${MAX_FAILED_LOGINS} wrong passwords, even for the right one`, async () => {
    await adminToken(h, 'victim', 'editor');
    for (let i = 0; i < MAX_FAILED_LOGINS; i += 1) {
      await h.fails('UNAUTHENTICATED', 'admin', 'login', { username: 'victim', password: 'guess-' + i });
    }
    const locked = await h.fails('RATE_LIMITED', 'admin', 'login', { username: 'victim', password: PASSWORD });
    expect(locked.message).toContain('分钟后再试');
    const audit = await h.db('audit_log').where({ action: 'admin.locked' });
    expect(audit).toHaveLength(1);

    const saved = h.clock.now();
    h.clock.advance(LOCK_MINUTES * 60_000 + 1000);
    await h.ok('admin', 'login', { username: 'victim', password: PASSWORD });
    h.clock.set(saved);
  });

  it('concurrent wrong guesses are all counted', async () => {
    await adminToken(h, 'raced', 'support');
    await Promise.all(
      Array.from({ length: MAX_FAILED_LOGINS }, (_, i) => h.call('admin', 'login', { username: 'raced', password: 'bad-' + i })),
    );
    await h.fails('RATE_LIMITED', 'admin', 'login', { username: 'raced', password: PASSWORD });
  });

  it('a disabled account cannot sign in', async () => {
    await adminToken(h, 'gone', 'editor');
    await h.db('admins').where({ username: 'gone' }).update({ status: 'disabled' });
    const err = await h.fails('UNAUTHENTICATED', 'admin', 'login', { username: 'gone', password: PASSWORD });
    expect(err.message).toBe(BAD_LOGIN_MESSAGE);
  });
});
