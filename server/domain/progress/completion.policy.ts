/**
 * The one completion rule (DESIGN.md): an article is completed from 90 % on, and stays completed.
 * Percents are whole numbers, floored — 89.9 % from a player or a scroll ratio is not yet done.
 */
export const COMPLETION_PERCENT = 90;

/** A reported fraction as the whole percent the rule counts (floored, never rounded up). */
export const wholePercent = (percent: number): number => Math.floor(percent);

export const isCompleted = (percent: number): boolean => wholePercent(percent) >= COMPLETION_PERCENT;

/** Share of a column's released articles completed, to three decimals (catalog page and progress.column agree). */
export function completionRate(completed: number, total: number): number {
  return total ? Math.round((completed / total) * 1000) / 1000 : 0;
}
