import { generateKeyPairSync, verify } from 'node:crypto';
import { cloudbaseTicketAdminAuth, type CloudbaseAppLike } from '../../../server/adapters/admin-auth/cloudbase-ticket';
import { anonymousCaller } from '../../../server/runtime/caller';

const NOW = new Date('2026-06-01T02:00:00Z');

describe('CloudBase custom-login AdminAuth adapter', () => {
  it('issues a ticket for `cms-admin-<id>` with the session expiry, through auth().createTicket', async () => {
    const calls: unknown[] = [];
    const app: CloudbaseAppLike = {
      auth: () => ({
        createTicket: (uid, options) => (calls.push([uid, options]), 'keyid/@@/jwt'),
        getUserInfo: () => ({ customUserId: '' }),
      }),
    };
    const session = await cloudbaseTicketAdminAuth({ app, sessionSec: 3600 }).issue(42, NOW);
    expect(session).toEqual({ token: 'keyid/@@/jwt', ticket: 'keyid/@@/jwt', expiresAt: '2026-06-01T03:00:00.000Z' });
    expect(calls).toEqual([['cms-admin-42', { refresh: 3600_000, expire: NOW.getTime() + 3600_000 }]]);
  });

  it('identifies the caller from auth().getUserInfo().customUserId, and nobody else', async () => {
    const as = (customUserId: string) =>
      cloudbaseTicketAdminAuth({ app: { auth: () => ({ createTicket: () => '', getUserInfo: () => ({ customUserId }) }) } }).identify(
        anonymousCaller(),
        NOW,
      );
    expect(await as('cms-admin-7')).toBe(7);
    expect(await as('')).toBeNull(); // a mini program user or an anonymous web visitor
    expect(await as('someone-else')).toBeNull();
    expect(await as('cms-admin-7x')).toBeNull();
  });

  describe('against the real @cloudbase/node-sdk', () => {
    const saved = { ...process.env };
    afterEach(() => {
      process.env = { ...saved };
    });

    it('makes a ticket the SDK signs with the custom-login private key, and reads TCB_CUSTOM_USER_ID back', async () => {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const key = { private_key_id: 'key-1', private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }), env_id: 'env-test' };
      // As in a real function instance: CloudBase lists its context variables in TCB_CONTEXT_KEYS,
      // and the SDK reads only the listed ones.
      process.env.TCB_CONTEXT_KEYS = 'TCB_ENV,TCB_SEQID,TCB_SOURCE,TCB_CUSTOM_USER_ID';
      process.env.TCB_ENV = 'env-test';
      const adapter = cloudbaseTicketAdminAuth({ customLoginKeyJson: JSON.stringify(key) });
      const { ticket } = await adapter.issue(5, NOW);
      const [keyId, jwt] = ticket!.split('/@@/');
      expect(keyId).toBe('key-1');
      const [header, payload, signature] = jwt.split('.');
      expect(verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url'))).toBe(true);
      expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toMatchObject({
        uid: 'cms-admin-5',
        env: 'env-test',
        expire: NOW.getTime() + 8 * 3600_000,
      });

      process.env.TCB_CUSTOM_USER_ID = 'cms-admin-5';
      expect(await adapter.identify(anonymousCaller(), NOW)).toBe(5);
    });
  });
});
