import path from 'node:path';
import type { ProgressQueue as Queue, QueueStore } from '../../../miniprogram/services/progress-queue';

const { ProgressQueue, MAX_ITEMS, wxStore, STORAGE_KEY } = require(path.resolve(__dirname, '../../../miniprogram/services/progress-queue'));
const { ApiError } = require(path.resolve(__dirname, '../../../miniprogram/services/errors'));

/**
 * The offline buffer for progress reports: what the reader sends while the network is down
 * waits in storage and goes out, in order, when it is back.
 */
type Report = { articleId: number; percent: number; positionSec?: number };

function memoryStore(initial: Report[] = []): QueueStore & { saved: Report[] } {
  const store = {
    saved: initial,
    load: () => [...store.saved],
    save: (items: Report[]) => {
      store.saved = [...items];
    },
  };
  return store;
}

function sender() {
  const sent: Report[] = [];
  let failWith: unknown = null;
  return {
    sent,
    fail(err: unknown) {
      failWith = err;
    },
    send: async (r: Report) => {
      if (failWith) throw failWith;
      sent.push(r);
    },
  };
}

describe('ProgressQueue', () => {
  it('sends a report at once when online and keeps nothing', async () => {
    const s = sender();
    const store = memoryStore();
    const q: Queue = new ProgressQueue(s.send, store);
    await q.report({ articleId: 1, percent: 30 });
    expect(s.sent).toEqual([{ articleId: 1, percent: 30 }]);
    expect(q.pending).toEqual([]);
    expect(store.saved).toEqual([]);
  });

  it('buffers reports while offline and flushes them in order later', async () => {
    const s = sender();
    const store = memoryStore();
    const q: Queue = new ProgressQueue(s.send, store);
    s.fail(new ApiError('NETWORK'));
    await q.report({ articleId: 1, percent: 10 });
    await q.report({ articleId: 2, percent: 50, positionSec: 40 });
    expect(s.sent).toEqual([]);
    expect(store.saved.map((r) => r.articleId)).toEqual([1, 2]);

    s.fail(null);
    await q.flush();
    expect(s.sent).toEqual([
      { articleId: 1, percent: 10 },
      { articleId: 2, percent: 50, positionSec: 40 },
    ]);
    expect(store.saved).toEqual([]);
  });

  it('keeps one report per article: the latest position, and never a lower percent', async () => {
    const s = sender();
    s.fail(new ApiError('NETWORK'));
    const q: Queue = new ProgressQueue(s.send, memoryStore());
    await q.report({ articleId: 7, percent: 60, positionSec: 100 });
    await q.report({ articleId: 7, percent: 40, positionSec: 20 });
    expect(q.pending).toEqual([{ articleId: 7, percent: 60, positionSec: 20 }]);
  });

  it('survives an app restart: a new queue picks up what storage kept', async () => {
    const store = memoryStore();
    const offline = sender();
    offline.fail(new ApiError('NETWORK'));
    await new ProgressQueue(offline.send, store).report({ articleId: 3, percent: 80 });

    const online = sender();
    const restarted: Queue = new ProgressQueue(online.send, store);
    await restarted.flush();
    expect(online.sent).toEqual([{ articleId: 3, percent: 80 }]);
    expect(store.saved).toEqual([]);
  });

  it('drops a report the server refuses (it would be refused forever) and goes on with the rest', async () => {
    const refused = new Set([9]);
    const sent: Report[] = [];
    const q: Queue = new ProgressQueue(
      async (r: Report) => {
        if (refused.has(r.articleId)) throw new ApiError('NOT_FOUND', '文章不存在');
        sent.push(r);
      },
      memoryStore([
        { articleId: 9, percent: 10 },
        { articleId: 4, percent: 20 },
      ]),
    );
    await q.flush();
    expect(sent).toEqual([{ articleId: 4, percent: 20 }]);
    expect(q.pending).toEqual([]);
  });

  it('keeps a report refused as too frequent (RATE_LIMITED) for the next flush', async () => {
    const s = sender();
    const q: Queue = new ProgressQueue(s.send, memoryStore());
    s.fail(new ApiError('RATE_LIMITED', '学习进度上报太频繁'));
    await q.report({ articleId: 5, percent: 90 });
    expect(q.pending).toEqual([{ articleId: 5, percent: 90 }]);
    s.fail(null);
    await q.flush();
    expect(s.sent).toEqual([{ articleId: 5, percent: 90 }]);
  });

  it('runs one flush at a time: concurrent flushes send each report once', async () => {
    const s = sender();
    const q: Queue = new ProgressQueue(
      s.send,
      memoryStore([
        { articleId: 1, percent: 5 },
        { articleId: 2, percent: 6 },
      ]),
    );
    await Promise.all([q.flush(), q.flush(), q.flush()]);
    expect(s.sent.map((r) => r.articleId)).toEqual([1, 2]);
  });

  it('never grows past its bound', async () => {
    const s = sender();
    s.fail(new ApiError('NETWORK'));
    const q: Queue = new ProgressQueue(s.send, memoryStore());
    for (let id = 1; id <= MAX_ITEMS + 10; id++) await q.report({ articleId: id, percent: 1 });
    expect(q.pending).toHaveLength(MAX_ITEMS);
    expect(q.pending[0].articleId).toBe(11);
  });

  it('stores its items with wx storage and clears the key when empty', () => {
    const storage = new Map<string, unknown>();
    (globalThis as any).wx = {
      getStorageSync: (k: string) => storage.get(k) ?? '',
      setStorageSync: (k: string, v: unknown) => storage.set(k, v),
      removeStorageSync: (k: string) => storage.delete(k),
    };
    const store = wxStore();
    expect(store.load()).toEqual([]);
    store.save([{ articleId: 1, percent: 2 }]);
    expect(storage.get(STORAGE_KEY)).toEqual([{ articleId: 1, percent: 2 }]);
    store.save([]);
    expect(storage.has(STORAGE_KEY)).toBe(false);
    storage.set(STORAGE_KEY, 'corrupted');
    expect(store.load()).toEqual([]);
  });
});
