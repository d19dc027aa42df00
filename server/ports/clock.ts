/** The domain's only source of "now" (DESIGN.md: the domain never calls `new Date()`). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests and benchmarks move by hand. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string = '2026-06-01T02:00:00.000Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(at: Date | string): void {
    this.current = new Date(at).getTime();
  }

  advance(ms: number): Date {
    this.current += ms;
    return this.now();
  }

  advanceSec(sec: number): Date {
    return this.advance(sec * 1000);
  }
}
