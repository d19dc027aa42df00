import { checkAllowance, READING_LIMITS, windowsAt } from '../../../server/domain/access/reading-limit.policy';

/** The per-learner paid-reading limits as pure arithmetic (the daily cap included). */
describe('reading limit policy', () => {
  const at = (iso: string) => new Date(iso);

  it('windows are fixed: 10 minutes and one UTC day, aligned to the epoch', () => {
    expect(windowsAt('paid_open', at('2026-06-01T10:07:30Z'))).toEqual([
      { windowSec: 600, max: 60, start: Date.parse('2026-06-01T10:00:00Z') / 1000 },
      { windowSec: 86_400, max: 600, start: Date.parse('2026-06-01T00:00:00Z') / 1000 },
    ]);
  });

  it('under every limit: allowed; at a limit: refused until that window ends', () => {
    const now = at('2026-06-01T10:07:30Z');
    const windows = windowsAt('media_link', now);
    expect(
      checkAllowance(
        windows,
        new Map([
          [600, 59],
          [86_400, 100],
        ]),
        1,
        now,
      ),
    ).toEqual({ ok: true });
    expect(
      checkAllowance(
        windows,
        new Map([
          [600, 59],
          [86_400, 100],
        ]),
        2,
        now,
      ),
    ).toEqual({ ok: false, retryAfterSec: 150 });
    // The daily cap binds even in a fresh 10-minute window, and says to come back tomorrow.
    expect(checkAllowance(windows, new Map([[86_400, READING_LIMITS.media_link[1].max]]), 1, now)).toEqual({
      ok: false,
      retryAfterSec: Date.parse('2026-06-02T00:00:00Z') / 1000 - now.getTime() / 1000,
    });
  });

  it('a reader at one lesson a minute for ten hours stays under the daily caps', () => {
    expect(READING_LIMITS.paid_open[1].max).toBeGreaterThanOrEqual(600);
    expect(READING_LIMITS.paid_open[0].max).toBeGreaterThanOrEqual(10 * 6); // one every 10 s for 10 minutes
  });
});
