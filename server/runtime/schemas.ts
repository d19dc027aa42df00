import { z } from 'zod';
import zhCN from 'zod/v4/locales/zh-CN.cjs';

// Clients are Chinese-speaking: zod's own zh-CN locale gives readable field messages. Imported
// alone (not via z.locales) so bundles do not carry every language.
z.config(zhCN());

/** Row ids: positive 32-bit integers (the columns are INT UNSIGNED; larger ids cannot exist). */
export const Id = z.number().int().positive().max(2_147_483_647);

export const Limit = (max = 50, fallback = 20) => z.number().int().min(1).max(max).default(fallback);

/** Opaque paging cursor handed back by a previous page. */
export const Cursor = z
  .string()
  .max(128)
  .regex(/^[A-Za-z0-9_-]+$/);

export const Fen = z.number().int().min(0).max(100_000_000); // ≤ ¥1,000,000

/** Trims and rejects blank text; `max` counts characters after trimming. */
export const Text = (max: number, min = 1) => z.string().trim().min(min).max(max);

export type Input<T extends z.ZodType> = z.output<T>;
