import type { Knex } from 'knex';
import { dbClientOf } from '../../db/dialect';
import { forUpdate, inTransaction } from '../../db/transactions';
import { isEntitlementActive, type EntitlementFacts, type EntitlementScope } from '../access/access.policy';
import type { Logger } from '../../runtime/logger';
import { toEntitlementFacts } from './entitlement.repo';

/**
 * A learner's grants digest (issue 12): their entitlements that are active, folded into their own
 * users row, so that opening an article reads the learner's grants with the learner — no join of
 * the entitlements index on the hot path (about a third of the access statement's cost).
 *
 * - `grants_digest`: one entry per entitlement active at the moment it was computed,
 *   `;<a|c|m>,<item id>,<starts ms>,<expires ms or empty>` — the SQL finds a bearing key with a
 *   substring search (`;a,<article id>,`, `;c,<column id>,`, `;m,`), the service parses the
 *   entries into the facts `decideReading` decides on.
 * - `[grants_valid_from, grants_valid_until)`: the span in which exactly those entitlements are
 *   active — from the last start or expiry before the computation to the next one after it (null:
 *   none to come); kept even when the digest itself is too long to keep (MAX_DIGEST_CHARS).
 *   Inside it the digest IS the active set; outside it (a membership ran out, a renewal began, a
 *   clock behind the computation) and while never computed (null), the row carries no digest and
 *   the reader reads the bearing entitlements themselves (`readViewerArticle`). So a digest is
 *   never wrong, at worst not used.
 *
 * Kept by the entitlements writers (grant, revoke) in their transaction, under the learner's row
 * lock taken before they write (`lockLearnerForGrants`), and refreshed by a reader that found it
 * stale. The rule of what is active stays `isEntitlementActive` (access.policy).
 */
export interface GrantsDigest {
  /** Null when the learner holds too much for a digest worth shipping on every open (MAX_DIGEST_CHARS). */
  digest: string | null;
  validFrom: Date;
  validUntil: Date | null;
}

/**
 * A digest longer than this (about 190 active article grants, a body's length) is not kept: the
 * statement would ship it on every open, and a TEXT column ends at 64 KB — a writer must never
 * fail a purchase over a cache. Such a learner's digest is null inside a holding span: their opens
 * read the entitlements (one more query) and nobody recomputes it until their grants change.
 */
export const MAX_DIGEST_CHARS = 4096;

const CODE: Record<EntitlementScope, string> = { article: 'a', column: 'c', membership: 'm' };
const SCOPE: Record<string, EntitlementScope> = { a: 'article', c: 'column', m: 'membership' };

/** The earliest instant a digest can be valid from when nothing ever started or ended. */
const BEGINNING = new Date(0);

/** The users-row columns of a learner who holds nothing yet (a new learner). */
export const EMPTY_GRANTS_DIGEST = { grants_digest: '', grants_valid_from: BEGINNING, grants_valid_until: null } as const;

export function computeGrantsDigest(entitlements: readonly EntitlementFacts[], now: Date): GrantsDigest {
  const t = now.getTime();
  let from = BEGINNING.getTime();
  let until: number | null = null;
  const entries: string[] = [];
  for (const e of entitlements) {
    // A revoked entitlement is inactive at every instant: it neither enters nor bounds the span.
    if (e.revokedAt !== null) continue;
    const starts = e.startsAt.getTime();
    const expires = e.expiresAt === null ? null : e.expiresAt.getTime();
    // Every start or expiry before now bounds the span from below, every one after it from above.
    for (const at of [starts, expires]) {
      if (at === null) continue;
      if (at <= t) from = Math.max(from, at);
      else until = until === null ? at : Math.min(until, at);
    }
    if (isEntitlementActive(e, now)) entries.push(`;${CODE[e.scope]},${e.itemId},${starts},${expires ?? ''}`);
  }
  const digest = entries.join('');
  return {
    digest: digest.length > MAX_DIGEST_CHARS ? null : digest,
    validFrom: new Date(from),
    validUntil: until === null ? null : new Date(until),
  };
}

/** The digest's entries as the facts the policy decides on (all active when the digest is valid). */
export function parseGrantsDigest(digest: string | null): EntitlementFacts[] {
  if (!digest) return [];
  return digest
    .split(';')
    .slice(1)
    .map((entry) => {
      const [code, itemId, starts, expires] = entry.split(',');
      return {
        scope: SCOPE[code],
        itemId: Number(itemId),
        startsAt: new Date(Number(starts)),
        expiresAt: expires ? new Date(Number(expires)) : null,
        revokedAt: null,
      };
    });
}

/**
 * Locks the learner's row before an entitlement of theirs is written, so their writers queue:
 * each one's digest is computed from what every earlier one committed, and none can overwrite a
 * newer digest with an older one.
 */
export async function lockLearnerForGrants(trx: Knex.Transaction | Knex, userId: number): Promise<void> {
  await forUpdate(trx as Knex, trx('users').where('id', userId).select('id'));
}

/**
 * Recomputes the learner's digest from their entitlements, inside the writer's transaction and
 * after `lockLearnerForGrants`: read with a locking read on MySQL, so it sees what committed
 * while this transaction waited for the lock (its REPEATABLE READ snapshot may be older).
 */
export async function refreshGrantsDigest(trx: Knex.Transaction | Knex, userId: number, now: Date): Promise<void> {
  const read = trx('entitlements')
    .where('user_id', userId)
    .whereNull('revoked_at')
    .select('scope', 'item_id', 'starts_at', 'expires_at', 'revoked_at');
  if (dbClientOf(trx as Knex) === 'mysql') read.forShare();
  const digest = computeGrantsDigest((await read).map(toEntitlementFacts), now);
  await trx('users').where('id', userId).update({
    grants_digest: digest.digest,
    grants_valid_from: digest.validFrom,
    grants_valid_until: digest.validUntil,
  });
}

/**
 * A reader found the learner's digest not holding (a membership ran out, a renewal began, never
 * computed): recompute it in a transaction of its own, so their next opens skip the entitlements
 * again. Only an optimisation — the read already answered exactly — so a failure is logged, not
 * thrown.
 */
export async function refreshStaleGrantsDigest(db: Knex, userId: number, now: Date, log?: Logger): Promise<void> {
  try {
    await inTransaction(db, async (trx) => {
      await lockLearnerForGrants(trx, userId);
      await refreshGrantsDigest(trx, userId, now);
    });
  } catch (err) {
    log?.error('grants_digest.refresh_failed', { userId, error: err instanceof Error ? err.message : String(err) });
  }
}
