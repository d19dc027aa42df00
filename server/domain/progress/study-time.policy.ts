/**
 * How much study time a progress report earns — a pure function of the learner's study clock
 * (the instant up to which their time is already counted, across all articles) and now.
 *
 * The client never says how long it studied. Each counted report claims the wall-clock stretch
 * since the previous counted one, so the claimed stretches never overlap: however many
 * articles, devices or replays report, the total cannot exceed the time that actually passed.
 */
export const STUDY_RULES = {
  /** Reports closer than this to the last counted one are refused (RATE_LIMITED), unrecorded. */
  minIntervalMs: 5_000,
  /** A longer silence ends the session: the next report starts a new one and earns nothing. */
  sessionGapMs: 5 * 60_000,
  /** The most one report can earn (a client reporting every 15 s earns its full 15 s). */
  maxCreditSec: 60,
} as const;

export type StudyMeasure =
  | { kind: 'too_soon'; retryAfterMs: number }
  | {
      kind: 'counted';
      /** Whole seconds earned by this report. */
      creditSec: number;
      /** Where the earned stretch starts (it is creditSec long), for splitting across days. */
      creditStartMs: number;
      /** The learner's new study clock. */
      clockAt: Date;
    };

export function measureStudy(clockAt: Date | null, now: Date, rules = STUDY_RULES): StudyMeasure {
  const nowMs = now.getTime();
  if (clockAt === null) return { kind: 'counted', creditSec: 0, creditStartMs: nowMs, clockAt: now };
  const prevMs = clockAt.getTime();
  const gapMs = nowMs - prevMs;
  // A report at or before the clock (a replay, a retry, a second device at the same moment)
  // is "too soon" as well: it has no unclaimed time to offer.
  if (gapMs < rules.minIntervalMs) return { kind: 'too_soon', retryAfterMs: rules.minIntervalMs - gapMs };
  if (gapMs > rules.sessionGapMs) return { kind: 'counted', creditSec: 0, creditStartMs: nowMs, clockAt: now };
  if (gapMs > rules.maxCreditSec * 1000) {
    return { kind: 'counted', creditSec: rules.maxCreditSec, creditStartMs: nowMs - rules.maxCreditSec * 1000, clockAt: now };
  }
  // Whole seconds only; the clock advances by exactly what was credited, so the leftover
  // milliseconds count towards the next report instead of being lost or rounded up.
  const creditSec = Math.floor(gapMs / 1000);
  return { kind: 'counted', creditSec, creditStartMs: prevMs, clockAt: new Date(prevMs + creditSec * 1000) };
}
