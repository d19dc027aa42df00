/**
 * The short learner number (学员编号) a learner sees on the mini program's my page and reads out
 * to support, and the CMS searches and grants by — openids are never shown to learners.
 * Derived from the row id (one rule, here): six digits from the first learner on, stable for
 * life, nothing to backfill or keep unique by hand.
 */
export const LEARNER_NO_BASE = 100_000;

export const learnerNoOf = (userId: number): number => LEARNER_NO_BASE + userId;

/** The users.id a learner number names, or null when it cannot be one. */
export function userIdOfLearnerNo(no: number | string): number | null {
  const n = typeof no === 'number' ? no : /^\d{1,12}$/.test(no.trim()) ? Number(no.trim()) : NaN;
  return Number.isSafeInteger(n) && n > LEARNER_NO_BASE ? n - LEARNER_NO_BASE : null;
}
