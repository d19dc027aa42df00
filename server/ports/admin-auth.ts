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

/**
 * What a credential proves: the account and the session version it was issued under. The runtime compares the version
 * with the account row's (`admins.session_version`), so a password, role or status change ends every older session.
 */
export interface AdminClaim {
  adminId: number;
  sessionVersion: number;
}

export interface AdminAuth {
  issue(adminId: number, now: Date, sessionVersion?: number): Promise<IssuedSession>;
  /** What the caller proved, or null (no credential, bad signature, expired). */
  identify(caller: Caller, now: Date): Promise<AdminClaim | null>;
}

/**
 * Custom login user ids are `cms-admin-<id>` for session version 1 and `cms-admin-<id>-v<version>` after: stable across
 * username changes, valid for createTicket's uid rule (4–32 of [A-Za-z0-9_-]). The version lives in the uid because a
 * CloudBase ticket carries nothing else we can read back per call.
 */
export const customUserIdOf = (adminId: number, sessionVersion = 1) =>
  sessionVersion === 1 ? `cms-admin-${adminId}` : `cms-admin-${adminId}-v${sessionVersion}`;
export function claimOfCustomUserId(value: string): AdminClaim | null {
  const m = /^cms-admin-(\d{1,10})(?:-v(\d{1,9}))?$/.exec(value);
  if (!m) return null;
  const sessionVersion = m[2] === undefined ? 1 : Number(m[2]);
  return sessionVersion >= 2 || m[2] === undefined ? { adminId: Number(m[1]), sessionVersion } : null;
}
