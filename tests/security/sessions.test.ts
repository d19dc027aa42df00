import { createHarness, type Harness } from '../support/harness';
import { adminToken, PASSWORD } from '../functions/admin/admin-support';

/**
 * Finding 3 (issue 14): sessions survived a password reset, and a disabled account's token worked again once it was
 * re-enabled. Sessions now carry the account's session version; a password, role or status change bumps it.
 */
describe('CMS sessions end when the account changes', () => {
  let h: Harness;
  let owner: { bearer: string };
  const idOf = async (username: string) => Number((await h.db('admins').where({ username }).first('id')).id);
  beforeAll(async () => {
    h = await createHarness();
    owner = { bearer: await adminToken(h, 'boss', 'owner') };
  });
  afterAll(() => h.close());

  it('a password reset ends every session issued before it, on every device', async () => {
    const a = { bearer: await adminToken(h, 'pw-user', 'editor') };
    const b = { bearer: await adminToken(h, 'pw-user', 'editor') };
    await h.ok('admin', 'me', {}, a);
    await h.ok('admin', 'staff.update', { id: await idOf('pw-user'), password: 'brand-new-pass-3' }, owner);
    for (const s of [a, b]) {
      const err = await h.fails('UNAUTHENTICATED', 'admin', 'me', {}, s);
      expect(err.message).toBe('登录已失效，请重新登录');
    }
    const fresh = await h.ok('admin', 'login', { username: 'pw-user', password: 'brand-new-pass-3' });
    await h.ok('admin', 'me', {}, { bearer: fresh.token });
  });

  it('a role change ends the old session (the old role cannot keep acting)', async () => {
    const s = { bearer: await adminToken(h, 'role-user', 'owner') };
    await h.ok('admin', 'staff.update', { id: await idOf('role-user'), role: 'support' }, owner);
    await h.fails('UNAUTHENTICATED', 'admin', 'me', {}, s);
    await h.fails('UNAUTHENTICATED', 'admin', 'staff.list', {}, s);
  });

  it('disable then re-enable: the token from before stays dead', async () => {
    const s = { bearer: await adminToken(h, 'off-user', 'editor') };
    const id = await idOf('off-user');
    await h.ok('admin', 'staff.update', { id, status: 'disabled' }, owner);
    await h.fails('UNAUTHENTICATED', 'admin', 'me', {}, s);
    await h.ok('admin', 'staff.update', { id, status: 'active' }, owner);
    await h.fails('UNAUTHENTICATED', 'admin', 'me', {}, s);
    const fresh = await h.ok('admin', 'login', { username: 'off-user', password: PASSWORD });
    await h.ok('admin', 'me', {}, { bearer: fresh.token });
  });

  it('an update that changes nothing about access keeps the session', async () => {
    const s = { bearer: await adminToken(h, 'same-user', 'editor') };
    await h.ok('admin', 'staff.update', { id: await idOf('same-user'), role: 'editor' }, owner);
    await h.ok('admin', 'me', {}, s);
  });
});
