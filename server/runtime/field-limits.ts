/**
 * The limits of the shared input field types, in one place for both schema vocabularies:
 * `schemas.ts` (classic zod, for most functions) and `mini-schemas.ts` (zod/mini, for the hot
 * functions whose bundle size and cold start matter). tests/runtime/schemas.test.ts checks the
 * two accept and reject the same inputs.
 */
/** Row ids: positive 32-bit integers (the columns are INT UNSIGNED; larger ids cannot exist). */
export const ID_MAX = 2_147_483_647;
/** Opaque paging cursor handed back by a previous page. */
export const CURSOR_MAX = 128;
export const CURSOR_PATTERN = /^[A-Za-z0-9_-]+$/;
/** ≤ ¥1,000,000. */
export const FEN_MAX = 100_000_000;
