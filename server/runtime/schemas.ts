import { z } from 'zod';
import './zod-locale';
import { CURSOR_MAX, CURSOR_PATTERN, FEN_MAX, ID_MAX } from './field-limits';

// The hot functions (catalog, access, progress) use the same fields in zod/mini: mini-schemas.ts.

/** Row ids: positive 32-bit integers (the columns are INT UNSIGNED; larger ids cannot exist). */
export const Id = z.number().int().positive().max(ID_MAX);

export const Limit = (max = 50, fallback = 20) => z.number().int().min(1).max(max).default(fallback);

/** Opaque paging cursor handed back by a previous page. */
export const Cursor = z.string().max(CURSOR_MAX).regex(CURSOR_PATTERN);

export const Fen = z.number().int().min(0).max(FEN_MAX); // ≤ ¥1,000,000

/** Trims and rejects blank text; `max` counts characters after trimming. */
export const Text = (max: number, min = 1) => z.string().trim().min(min).max(max);

export type Input<T extends z.ZodType> = z.output<T>;
