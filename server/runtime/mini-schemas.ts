import * as z from 'zod/mini';
import './zod-locale';
import { CURSOR_MAX, CURSOR_PATTERN, ID_MAX } from './field-limits';

/**
 * The shared field types of `schemas.ts` in zod/mini, for the hot functions (catalog, access,
 * progress): zod/mini is tree-shakable, so their bundles carry only the checks they use instead
 * of all of classic zod. Same limits (field-limits.ts), same zh-CN messages (zod-locale.ts).
 */
export const Id = z.number().check(z.int(), z.positive(), z.maximum(ID_MAX));

export const Limit = (max = 50, fallback = 20) => z._default(z.number().check(z.int(), z.minimum(1), z.maximum(max)), fallback);

export const Cursor = z.string().check(z.maxLength(CURSOR_MAX), z.regex(CURSOR_PATTERN));

/** Trims and rejects blank text; `max` counts characters after trimming. */
export const Text = (max: number, min = 1) => z.string().check(z.trim(), z.minLength(min), z.maxLength(max));
