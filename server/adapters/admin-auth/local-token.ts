import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AdminAuth } from '../../ports/admin-auth';

/**
 * Local stand-in for CloudBase custom login: a stateless token `<payload>.<hmac>` carrying the
 * admin id and an expiry. Signed rather than stored so the emulator needs no session table and
 * tests need no cleanup; the session resolver still re-reads the admin row on every call and compares the
 * token's session version with the row's, so a password, role or status change ends the token at once. Tokens die with the secret
 * (ADMIN_TOKEN_SECRET, else random per process — a restart logs the CMS out, which is fine locally).
 */
export function localTokenAdminAuth(secret: string, ttlSec = 8 * 3600): AdminAuth {
  const sign = (payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');
  return {
    async issue(adminId, now, sessionVersion = 1) {
      const exp = now.getTime() + ttlSec * 1000;
      const payload = Buffer.from(JSON.stringify({ sub: adminId, ver: sessionVersion, exp })).toString('base64url');
      return { token: `${payload}.${sign(payload)}`, expiresAt: new Date(exp).toISOString() };
    },
    async identify(caller, now) {
      const cred = caller.adminCredential;
      if (!cred || cred.kind !== 'bearer') return null;
      const [payload, mac] = cred.value.split('.');
      if (!payload || !mac) return null;
      const expected = Buffer.from(sign(payload));
      const actual = Buffer.from(mac);
      if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
      try {
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: unknown; ver?: unknown; exp?: unknown };
        if (typeof claims.sub !== 'number' || typeof claims.exp !== 'number' || claims.exp <= now.getTime()) return null;
        if (typeof claims.ver !== 'number') return null;
        return { adminId: claims.sub, sessionVersion: claims.ver };
      } catch {
        return null;
      }
    },
  };
}
