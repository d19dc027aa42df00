import { measureStudy, STUDY_RULES } from '../../../server/domain/progress/study-time.policy';

const at = (iso: string) => new Date(iso);
const T0 = at('2026-06-01T02:00:00.000Z');
const plus = (ms: number) => new Date(T0.getTime() + ms);

/** The study-time rule as a table: the learner's study clock, now → what the report earns. */
describe('measureStudy', () => {
  it('the first report ever starts a session and earns nothing', () => {
    expect(measureStudy(null, T0)).toEqual({ kind: 'counted', creditSec: 0, creditStartMs: T0.getTime(), clockAt: T0 });
  });

  it.each([
    ['at the same instant (a duplicate)', 0],
    ['before the clock (a replay of an older report)', -60_000],
    ['just under the minimum interval', STUDY_RULES.minIntervalMs - 1],
  ])('a report %s is too soon', (_label, gap) => {
    expect(measureStudy(T0, plus(gap)).kind).toBe('too_soon');
  });

  it('tells how long to wait', () => {
    expect(measureStudy(T0, plus(3_000))).toEqual({ kind: 'too_soon', retryAfterMs: 2_000 });
  });

  it('earns the whole seconds since the clock and advances the clock by exactly those', () => {
    expect(measureStudy(T0, plus(15_400))).toEqual({ kind: 'counted', creditSec: 15, creditStartMs: T0.getTime(), clockAt: plus(15_000) });
  });

  it('caps one report at 60 s, counting the last 60 s before now', () => {
    expect(measureStudy(T0, plus(200_000))).toEqual({
      kind: 'counted',
      creditSec: 60,
      creditStartMs: plus(140_000).getTime(),
      clockAt: plus(200_000),
    });
  });

  it('a silence longer than the session gap starts a new session that earns nothing', () => {
    expect(measureStudy(T0, plus(STUDY_RULES.sessionGapMs + 1))).toMatchObject({ kind: 'counted', creditSec: 0 });
    expect(measureStudy(T0, plus(STUDY_RULES.sessionGapMs))).toMatchObject({ kind: 'counted', creditSec: 60 });
  });

  it('never credits more than the wall clock, however reports are spaced', () => {
    let clock: Date | null = null;
    let credited = 0;
    let t = 0;
    for (const step of [5_000, 7_777, 999, 61_000, 4_999, 5_001, 301_000, 15_000, 12_345]) {
      t += step;
      const m = measureStudy(clock, plus(t));
      if (m.kind === 'counted') {
        credited += m.creditSec;
        clock = m.clockAt;
        expect(m.clockAt.getTime()).toBeLessThanOrEqual(t + T0.getTime());
      }
    }
    expect(credited * 1000).toBeLessThanOrEqual(t);
  });
});
