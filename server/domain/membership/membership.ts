import { hasActiveMembership, type EntitlementFacts } from '../access/access.policy';

export interface MembershipStatus {
  active: boolean;
  /** When the membership ends; null while it never ends, or when there never was one. */
  expiresAt: string | null;
}

/**
 * What `user.me` shows. Renewals may start where the current period ends, so the end date is the
 * end of the unbroken chain of periods covering now, not the nearest expiry. Inactive members see
 * when their last period ended (null if they never had one).
 */
export function membershipStatus(entitlements: readonly EntitlementFacts[], now: Date): MembershipStatus {
  const memberships = entitlements.filter((e) => e.scope === 'membership' && e.revokedAt === null);
  if (!hasActiveMembership(memberships, now)) {
    const ended = memberships
      .filter((e) => e.expiresAt !== null && e.expiresAt.getTime() <= now.getTime())
      .map((e) => e.expiresAt!.getTime());
    return { active: false, expiresAt: ended.length ? new Date(Math.max(...ended)).toISOString() : null };
  }
  let end = now.getTime();
  const byStart = [...memberships].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  for (let extended = true; extended;) {
    extended = false;
    for (const e of byStart) {
      if (e.startsAt.getTime() > end) continue;
      if (e.expiresAt === null) return { active: true, expiresAt: null };
      if (e.expiresAt.getTime() > end) {
        end = e.expiresAt.getTime();
        extended = true;
      }
    }
  }
  return { active: true, expiresAt: new Date(end).toISOString() };
}
