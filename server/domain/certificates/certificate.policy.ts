import { randomBytes } from 'node:crypto';

/**
 * Certificates (issue 16, DESIGN.md): issued once per learner and column, when every released
 * article of the column is one the learner can read in full and has completed (the completion
 * rule's sticky flag), and every quiz on those articles is passed.
 */
export interface ColumnStanding {
  total: number;
  completed: number;
  quizzes: number;
  quizzesPassed: number;
  /** Articles the learner cannot read in full right now (a refund, an expired membership). */
  unreadable: number;
}

export const isEligible = (s: ColumnStanding): boolean =>
  s.total > 0 && s.unreadable === 0 && s.completed === s.total && s.quizzesPassed === s.quizzes;

// Crockford's base32 without I, L, O, U: nothing a reader confuses when typing a number off paper.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * `ZS` + the Shanghai year + 12 random base32 characters (60 bits): verification is public, so a
 * number must not be guessable from another one.
 */
export function newCertificateNo(issuedAt: Date): string {
  const year = new Date(issuedAt.getTime() + 8 * 3600_000).getUTCFullYear();
  const bytes = randomBytes(12);
  let code = '';
  for (const b of bytes) code += ALPHABET[b & 31];
  return `ZS${year}${code}`;
}

/** What a typed number is compared as: case and separators do not matter. */
export const normalizeCertificateNo = (raw: string): string => raw.replace(/[\s-]/g, '').toUpperCase();
