import { isApiError } from './errors';
import type { ProgressReport } from './progress';

/**
 * Progress reports that could not be sent yet. A learner on the subway keeps reading; the
 * reports wait in storage and go out when the network is back (or at the next app start).
 * Written by hand because it is tiny and must know our error codes: NETWORK and RATE_LIMITED
 * (a report too soon after the previous one) keep the item for the next flush; a report the
 * server refuses otherwise (e.g. NOT_FOUND after an article was unpublished) would be refused
 * forever, so it is dropped.
 */
export interface QueueStore {
  load(): ProgressReport[];
  save(items: ProgressReport[]): void;
}

export const STORAGE_KEY = 'progress-queue.v1';
/** A queue never grows without bound: only the latest report per article matters anyway. */
export const MAX_ITEMS = 50;

export function wxStore(key = STORAGE_KEY): QueueStore {
  return {
    load() {
      try {
        const value = wx.getStorageSync(key);
        return Array.isArray(value) ? (value as ProgressReport[]) : [];
      } catch {
        return [];
      }
    },
    save(items) {
      try {
        if (items.length) wx.setStorageSync(key, items);
        else wx.removeStorageSync(key);
      } catch {
        // Storage full: the in-memory queue still works for this session.
      }
    },
  };
}

/** Later reports for the same article replace earlier ones; percent never goes down (as on the server). */
function merge(items: ProgressReport[], next: ProgressReport): ProgressReport[] {
  const prev = items.find((r) => r.articleId === next.articleId);
  const merged: ProgressReport = prev ? { ...next, percent: Math.max(prev.percent, next.percent) } : next;
  const rest = items.filter((r) => r.articleId !== next.articleId);
  return [...rest, merged].slice(-MAX_ITEMS);
}

export class ProgressQueue {
  private items: ProgressReport[];
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly send: (report: ProgressReport) => Promise<unknown>,
    private readonly store: QueueStore = wxStore(),
  ) {
    this.items = store.load();
  }

  get pending(): readonly ProgressReport[] {
    return this.items;
  }

  enqueue(report: ProgressReport): void {
    this.items = merge(this.items, report);
    this.store.save(this.items);
  }

  /** Queues the report and tries to send everything now. */
  report(report: ProgressReport): Promise<void> {
    this.enqueue(report);
    return this.flush();
  }

  /** Sends queued reports in order; stops at the first network failure and keeps the rest. */
  flush(): Promise<void> {
    if (!this.flushing) {
      this.flushing = this.drain().finally(() => {
        this.flushing = null;
      });
    }
    return this.flushing;
  }

  private async drain(): Promise<void> {
    while (this.items.length) {
      const head = this.items[0];
      try {
        await this.send(head);
      } catch (err) {
        if (isApiError(err, 'NETWORK') || isApiError(err, 'RATE_LIMITED')) return;
      }
      // A newer report for the same article may have been merged in while this one was in flight.
      if (this.items[0] === head) this.items = this.items.slice(1);
      else this.items = this.items.filter((r) => r !== head);
      this.store.save(this.items);
    }
  }
}
