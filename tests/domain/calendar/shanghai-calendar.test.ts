import { addDays, dayStartMs, daysEndingAt, splitByStudyDay, studyDayOf } from '../../../server/domain/calendar/shanghai-calendar';

/** Study days are Asia/Shanghai calendar days: UTC+8, no daylight saving. */
describe('study days', () => {
  it.each([
    ['2026-06-01T15:59:59.999Z', '2026-06-01'],
    ['2026-06-01T16:00:00.000Z', '2026-06-02'],
    ['2026-12-31T16:00:00.000Z', '2027-01-01'],
    ['2028-02-28T16:30:00.000Z', '2028-02-29'],
    // Mid-March and early November: no DST shift in China, unlike US/EU zones.
    ['2026-03-08T15:59:00.000Z', '2026-03-08'],
    ['2026-11-01T16:00:00.000Z', '2026-11-02'],
  ])('%s is %s in Shanghai', (iso, day) => {
    expect(studyDayOf(new Date(iso))).toBe(day);
  });

  it('agrees with the platform time-zone database over a year of hours', () => {
    const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
    for (let t = Date.parse('2026-01-01T00:00:00Z'); t < Date.parse('2027-01-01T00:00:00Z'); t += 3600_000) {
      expect(studyDayOf(t)).toBe(fmt.format(t));
    }
  });

  it('a day starts at 16:00 UTC of the previous date', () => {
    expect(new Date(dayStartMs('2026-06-02')).toISOString()).toBe('2026-06-01T16:00:00.000Z');
  });

  it('counts days across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysEndingAt('2026-01-02', 3)).toEqual(['2025-12-31', '2026-01-01', '2026-01-02']);
  });

  it('splits a stretch across local midnight, keeping every second', () => {
    const start = Date.parse('2026-06-01T15:59:50.000Z');
    expect(splitByStudyDay(start, 15)).toEqual([
      { day: '2026-06-01', sec: 10 },
      { day: '2026-06-02', sec: 5 },
    ]);
    expect(splitByStudyDay(start, 10)).toEqual([{ day: '2026-06-01', sec: 10 }]);
    // Less than a whole second before midnight: the whole stretch goes to the new day.
    expect(splitByStudyDay(Date.parse('2026-06-01T15:59:59.500Z'), 2)).toEqual([{ day: '2026-06-02', sec: 2 }]);
    expect(splitByStudyDay(start, 0)).toEqual([]);
  });
});
