/**
 * How a CMS session is proved. `login` checks the password in the domain, then asks this port for
 * a credential; every later admin call asks it who the caller is.
 * Adapters: CloudBase custom login (cloud: a ticket from `auth().createTicket`, the caller's
 * custom user id from `auth().getUserInfo()`), an HMAC-signed expiring bearer token (local).
 */
import type { Caller } from '../runtime/caller';

export interface IssuedSession {
  /** What the CMS sends back as `authorization: Bearer …` (local); equals the ticket in the cloud. */
  token: string;
  /** CloudBase custom-login ticket for `signInWithCustomTicket` (cloud only). */
  ticket?: string;
  expiresAt: string;
}

export interface AdminAuth {
  issue(adminId: number, now: Date): Promise<IssuedSession>;
  /** The admins.id the caller proved, or null (no credential, bad signature, expired). */
  identify(caller: Caller, now: Date): Promise<number | null>;
}

/** Custom login user ids are `cms-admin-<id>`: stable across username changes, valid for createTicket's uid rule. */
export const customUserIdOf = (adminId: number) => `cms-admin-${adminId}`;
export function adminIdOfCustomUserId(value: string): number | null {
  const m = /^cms-admin-(\d{1,10})$/.exec(value);
  return m ? Number(m[1]) : null;
}
