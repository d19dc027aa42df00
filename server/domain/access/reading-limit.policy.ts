/**
 * How much paid content one learner may be handed, per window — the anti-scraping rule of
 * issue 17, pure (no IO). A person reads or listens to a lesson in minutes; a scraper opens one
 * after another. The thresholds sit far above the first and well below the second:
 *
 * - paid article texts: 60 per 10 minutes (one every 10 s for 10 minutes straight) and 600 per day;
 * - paid media links (audio/video, one per track a player starts or re-fetches): 60 per 10 minutes
 *   and 600 per day.
 *
 * A binge reader who flips through a whole column, re-opens lessons and lets the audio run through
 * a 100-lesson playlist stays under both. Free articles and previews are never counted: they are
 * not paid content. Windows are fixed (aligned to the epoch), so "retry after" is exact.
 */
export const READING_LIMITS = {
  paid_open: [
    { windowSec: 600, max: 60 },
    { windowSec: 86_400, max: 600 },
  ],
  media_link: [
    { windowSec: 600, max: 60 },
    { windowSec: 86_400, max: 600 },
  ],
} as const;

export type ReadingKind = keyof typeof READING_LIMITS;

export interface ReadingWindow {
  windowSec: number;
  max: number;
  /** Epoch seconds of the window that contains `now`. */
  start: number;
}

export function windowsAt(kind: ReadingKind, now: Date): ReadingWindow[] {
  const sec = Math.floor(now.getTime() / 1000);
  return READING_LIMITS[kind].map((w) => ({ windowSec: w.windowSec, max: w.max, start: sec - (sec % w.windowSec) }));
}

/**
 * Whether `amount` more fits in every window, given what each window already counted.
 * Over a limit: the seconds until the fullest window ends.
 */
export function checkAllowance(
  windows: readonly ReadingWindow[],
  counted: ReadonlyMap<number, number>,
  amount: number,
  now: Date,
): { ok: true } | { ok: false; retryAfterSec: number } {
  const sec = Math.floor(now.getTime() / 1000);
  let retryAfterSec = 0;
  for (const w of windows) {
    if ((counted.get(w.windowSec) ?? 0) + amount > w.max) retryAfterSec = Math.max(retryAfterSec, w.start + w.windowSec - sec);
  }
  return retryAfterSec > 0 ? { ok: false, retryAfterSec } : { ok: true };
}
