/**
 * The one Asia/Shanghai calendar: study days, dashboard days and the times shown to Chinese
 * staff (DESIGN.md: "days" are Asia/Shanghai calendar days). China has used UTC+8 with no
 * daylight saving since 1991, so a fixed offset is exact; plain arithmetic also gives the
 * inverse (the UTC instant a local day starts), which Intl.DateTimeFormat does not.
 */
export const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const OFFSET_MS = SHANGHAI_OFFSET_MS;
export const DAY_MS = 24 * 3600_000;

/** 'YYYY-MM-DD' of the Asia/Shanghai day containing `at`. */
export function studyDayOf(at: Date | number): string {
  return new Date(Number(at) + OFFSET_MS).toISOString().slice(0, 10);
}

/** The UTC instant (ms) the Asia/Shanghai day `day` begins. */
export function dayStartMs(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`) - OFFSET_MS;
}

export function addDays(day: string, delta: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + delta * DAY_MS).toISOString().slice(0, 10);
}

/** The `count` local days ending with `lastDay`, oldest first. */
export function daysEndingAt(lastDay: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addDays(lastDay, i - count + 1));
}

/**
 * Splits the seconds of [startMs, startMs + sec·1000] between the local days it touches (at
 * most two, since a counted stretch is far shorter than a day).
 */
export function splitByStudyDay(startMs: number, sec: number): Array<{ day: string; sec: number }> {
  if (sec <= 0) return [];
  const endMs = startMs + sec * 1000;
  const firstDay = studyDayOf(startMs);
  const lastDay = studyDayOf(endMs - 1);
  if (firstDay === lastDay) return [{ day: firstDay, sec }];
  const before = Math.floor((dayStartMs(lastDay) - startMs) / 1000);
  return [
    { day: firstDay, sec: before },
    { day: lastDay, sec: sec - before },
  ].filter((share) => share.sec > 0);
}

/** 'YYYY-MM-DD HH:mm:ss' in Asia/Shanghai, for people reading exports. */
export function shanghaiDateTime(at: Date | string): string {
  return new Date(new Date(at).getTime() + OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}
