/**
 * THE access decision (DESIGN.md "Access"): a pure function of the article, the learner's
 * entitlements and the time. Every read path — catalog locks, access.article, media URLs,
 * progress and comments — asks this function; nothing else decides access.
 */
export type EntitlementScope = 'article' | 'column' | 'membership';
export type AccessReason = 'free' | 'article' | 'column' | 'membership' | 'preview';

export interface EntitlementFacts {
  scope: EntitlementScope;
  itemId: number;
  startsAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export interface ArticleFacts {
  id: number;
  columnId: number;
  isFree: boolean;
  /** The article's column is included in membership. */
  memberIncluded: boolean;
}

export interface AccessDecision {
  granted: boolean;
  reason: AccessReason;
}

export function isEntitlementActive(e: EntitlementFacts, now: Date): boolean {
  if (e.revokedAt !== null) return false;
  if (e.startsAt.getTime() > now.getTime()) return false;
  return e.expiresAt === null || e.expiresAt.getTime() > now.getTime();
}

export function hasActiveMembership(entitlements: readonly EntitlementFacts[], now: Date): boolean {
  return entitlements.some((e) => e.scope === 'membership' && isEntitlementActive(e, now));
}

export function decideAccess(article: ArticleFacts, entitlements: readonly EntitlementFacts[], now: Date): AccessDecision {
  if (article.isFree) return { granted: true, reason: 'free' };
  const active = entitlements.filter((e) => isEntitlementActive(e, now));
  if (active.some((e) => e.scope === 'article' && e.itemId === article.id)) return { granted: true, reason: 'article' };
  if (active.some((e) => e.scope === 'column' && e.itemId === article.columnId)) return { granted: true, reason: 'column' };
  if (article.memberIncluded && active.some((e) => e.scope === 'membership')) return { granted: true, reason: 'membership' };
  return { granted: false, reason: 'preview' };
}

/** The whole column is the learner's: bought outright, or covered by an active membership. */
export function ownsColumn(
  column: { id: number; memberIncluded: boolean },
  entitlements: readonly EntitlementFacts[],
  now: Date,
): boolean {
  const active = entitlements.filter((e) => isEntitlementActive(e, now));
  return (
    active.some((e) => e.scope === 'column' && e.itemId === column.id) ||
    (column.memberIncluded && active.some((e) => e.scope === 'membership'))
  );
}
