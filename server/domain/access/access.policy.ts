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
export function ownsColumn(column: { id: number; memberIncluded: boolean }, entitlements: readonly EntitlementFacts[], now: Date): boolean {
  const active = entitlements.filter((e) => isEntitlementActive(e, now));
  return (
    active.some((e) => e.scope === 'column' && e.itemId === column.id) ||
    (column.memberIncluded && active.some((e) => e.scope === 'membership'))
  );
}

import type { ColumnStatus } from '../catalog/statuses';
export type { ColumnStatus };

/** An article with where it stands: its own status and release time, and its column's status. */
export interface PlacedArticleFacts extends ArticleFacts {
  status: string;
  publishAt: Date | null;
  columnStatus: ColumnStatus;
}

/** What one viewer may do with one article: nothing at all (it does not exist for them), or read it in full or in preview. */
export type ReadingDecision = { exists: false } | ({ exists: true } & AccessDecision);

/** Published, and its release time has come (a future `publish_at` is a scheduled release). */
export function isReleased(article: { status: string; publishAt: Date | null }, now: Date): boolean {
  return article.status === 'published' && (article.publishAt === null || article.publishAt.getTime() <= now.getTime());
}

/**
 * Whether a column exists for this viewer: published columns for everyone; an archived column left
 * the shop and stays only for those who own it; drafts for no learner.
 */
export function columnExistsFor(
  column: { id: number; memberIncluded: boolean; status: ColumnStatus },
  entitlements: readonly EntitlementFacts[],
  now: Date,
): boolean {
  if (column.status === 'published') return true;
  return column.status === 'archived' && ownsColumn(column, entitlements, now);
}

/**
 * THE reading rule: whether the article exists for this viewer and, if so, the access decision.
 * Unreleased articles and draft columns exist for no learner. An article in an archived column
 * exists only for those who paid for it — the column (bought, or by membership) or the paid
 * article itself — not for everyone, not even when it is free.
 */
export function decideReading(article: PlacedArticleFacts, entitlements: readonly EntitlementFacts[], now: Date): ReadingDecision {
  if (!isReleased(article, now) || article.columnStatus === 'draft') return { exists: false };
  const access = decideAccess(article, entitlements, now);
  if (article.columnStatus === 'archived') {
    // A grant by entitlement, not by being free: an entitlement on a free article buys nothing.
    const paidFor =
      ownsColumn({ id: article.columnId, memberIncluded: article.memberIncluded }, entitlements, now) ||
      (access.granted && access.reason !== 'free');
    if (!paidFor) return { exists: false };
  }
  return { exists: true, ...access };
}
