import * as progress from './progress';
import { ProgressQueue } from './progress-queue';

/** One queue per app: reports from every reader share storage and flush together. */
let shared: ProgressQueue | null = null;
export function progressQueue(): ProgressQueue {
  shared ??= new ProgressQueue((r) => progress.report(r));
  return shared;
}
/** Tests start every app from scratch. */
export function resetProgressQueue(): void {
  shared = null;
}

export const REPORT_INTERVAL_MS = 15000;

export interface Snapshot {
  percent: number;
  positionSec?: number;
}

/**
 * Reports a reader's position on a steady interval while it is visible, and once more when it
 * hides or unloads. Unchanged snapshots are not resent (the server would ignore them anyway).
 */
export class ProgressReporter {
  private timer: ReturnType<typeof setInterval> | null = null;
  private last = '';

  constructor(
    private readonly articleId: number,
    private readonly snapshot: () => Snapshot | null,
    private readonly queue: ProgressQueue = progressQueue(),
    private readonly intervalMs = REPORT_INTERVAL_MS,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
  }

  /** Stops the interval without a final report (the audio failed: there is no new position). */
  pauseTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Stops the interval and sends the final position (page hide / unload). */
  stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return this.tick();
  }

  tick(): Promise<void> {
    const snap = this.snapshot();
    if (!snap) return Promise.resolve();
    // Whole percents floored, exactly as the server stores them (progress.report): rounding
    // here would turn 89.6% into 90, the completion mark, for an article not yet read to it.
    const percent = Math.max(0, Math.min(100, Math.floor(snap.percent)));
    const report: progress.ProgressReport = { articleId: this.articleId, percent };
    if (snap.positionSec !== undefined) report.positionSec = Math.max(0, Math.floor(snap.positionSec));
    const key = JSON.stringify(report);
    if (key === this.last) return this.queue.flush();
    this.last = key;
    return this.queue.report(report);
  }
}
