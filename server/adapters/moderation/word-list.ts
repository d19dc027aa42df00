import type { Moderation, ModerationRequest, ModerationVerdict } from '../../ports/moderation';
import defaultWords from './words.zh.json';

/** Marker that always asks for review: lets tests and demos fill the CMS moderation queue on purpose. */
export const REVIEW_MARKER = '#待审核#';

export interface WordLists {
  risky: readonly string[];
  review: readonly string[];
}

/**
 * Spacing and look-alike tricks ("傻 逼", full-width letters) are undone before matching:
 * NFKC folds full-width forms, and whitespace/punctuation between characters is dropped.
 */
function fold(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

/**
 * The emulator's and tests' moderation: a small word list (words.zh.json), with the same three
 * verdicts as msgSecCheck. It is not a filter to rely on in production — the cloud adapter is.
 */
export function createWordListModeration(lists: Partial<WordLists> = {}): Moderation {
  const risky = (lists.risky ?? defaultWords.risky).map(fold).filter(Boolean);
  const review = (lists.review ?? defaultWords.review).map(fold).filter(Boolean);
  return {
    async check(req: ModerationRequest): Promise<ModerationVerdict> {
      const folded = fold(req.content);
      if (risky.some((w) => folded.includes(w))) return 'risky';
      if (review.some((w) => folded.includes(w))) return 'review';
      return 'pass';
    },
  };
}
