import { useHarness } from '../support/harness';
import { grant, insertArticle, insertChapter, insertColumn, insertUser, PAID_SECRET } from '../support/fixtures';
import { testDbClient } from '../support/test-db';
import { addDays } from '../../server/domain/calendar/shanghai-calendar';

/**
 * Learning progress as learners and institutions rely on it: study time measured by the server
 * and impossible to inflate, percent that never goes back, sticky completion, Asia/Shanghai days.
 */
describe('progress function', () => {
  const h = useHarness();
  let start: Date;
  let col: number;
  let paidAudio: number; // paid, audio 600 s
  let paidText: number; // paid, no media
  let second: number; // paid, second in reading order
  let free: number;
  let otherCol: number;
  let preview: number; // paid article of a column nobody in these tests owns
  let draft: number;
  let scheduled: number;
  let inDraftColumn: number;
  let inArchivedColumn: number;
  let learners = 0;

  beforeAll(async () => {
    start = h.clock.now();
    col = await insertColumn(h.db, start, { title: '学习专栏' });
    const ch1 = await insertChapter(h.db, start, col, { title: '第一章', sort: 0 });
    const ch2 = await insertChapter(h.db, start, col, { title: '第二章', sort: 1 });
    paidAudio = await insertArticle(h.db, start, col, {
      title: '音频课',
      chapter_id: ch1,
      sort: 0,
      audio_file_id: 'cloud://a.mp3',
      audio_duration_sec: 600,
    });
    paidText = await insertArticle(h.db, start, col, { title: '图文课', chapter_id: ch1, sort: 1 });
    second = await insertArticle(h.db, start, col, { title: '第二章课', chapter_id: ch2, sort: 0 });
    free = await insertArticle(h.db, start, col, { title: '免费课', chapter_id: ch2, sort: 1, is_free: true });
    draft = await insertArticle(h.db, start, col, { title: '草稿', status: 'draft' });
    scheduled = await insertArticle(h.db, start, col, { title: '定时', publish_at: new Date(start.getTime() + 30 * 86400_000) });
    otherCol = await insertColumn(h.db, start, { title: '别的专栏' });
    preview = await insertArticle(h.db, start, otherCol, { title: '没买的课' });
    const draftCol = await insertColumn(h.db, start, { status: 'draft' });
    inDraftColumn = await insertArticle(h.db, start, draftCol, { is_free: true });
    const archivedCol = await insertColumn(h.db, start, { status: 'archived' });
    inArchivedColumn = await insertArticle(h.db, start, archivedCol, { is_free: true });
  });

  /** A fresh learner who bought `col`, and the clock back at a known instant. */
  async function newLearner(at: Date | string = start): Promise<{ openid: string; userId: number }> {
    h.clock.set(at);
    learners += 1;
    const openid = `learner-${learners}`;
    const userId = await insertUser(h.db, h.clock.now(), openid);
    await grant(h.db, h.clock.now(), userId, 'column', col);
    return { openid, userId };
  }
  const report = (openid: string, input: Record<string, unknown>) => h.call('progress', 'report', input, { openid });
  const reportOk = (openid: string, input: Record<string, unknown>) => h.ok('progress', 'report', input, { openid });
  const stats = (openid: string, days?: number) => h.ok('progress', 'stats', days === undefined ? {} : { days }, { openid });

  /** Every row a report could touch, to prove a refused call changed nothing. */
  async function snapshot() {
    return {
      users: await h.db('users').select('id', 'openid', 'study_clock_at').orderBy('id'),
      progress: await h.db('reading_progress').select('*').orderBy(['user_id', 'article_id']),
      daily: await h.db('learning_daily').select('*').orderBy(['user_id', 'day']),
    };
  }

  /** Reports every `everySec` seconds for `forSec` seconds, percent rising; returns each report's instant. */
  async function session(openid: string, articleId: number, forSec: number, everySec = 15): Promise<Date[]> {
    const instants: Date[] = [];
    for (let t = 0; t <= forSec; t += everySec) {
      if (t > 0) h.clock.advanceSec(everySec);
      instants.push(h.clock.now());
      await reportOk(openid, { articleId, percent: Math.min(100, Math.floor((t / forSec) * 100)) });
    }
    return instants;
  }

  describe('study time is measured by the server', () => {
    it('a session reporting every 15 s for 10 minutes earns 600 s', async () => {
      const { openid } = await newLearner();
      await session(openid, paidAudio, 600);
      expect((await h.ok('progress', 'get', { articleId: paidAudio }, { openid })).durationSec).toBe(600);
      const s = await stats(openid, 7);
      expect(s.totalSec).toBe(600);
      expect(s.daily[s.daily.length - 1]).toEqual({ day: '2026-06-01', sec: 600 });
    });

    it('replaying the same reports adds nothing, whether replayed later or duplicated at once', async () => {
      const { openid } = await newLearner();
      const instants = await session(openid, paidAudio, 600);
      const after = await snapshot();
      for (const [i, at] of instants.entries()) {
        h.clock.set(at);
        const res = await report(openid, { articleId: paidAudio, percent: i });
        expect(res.ok ? 'ok' : res.error.code).toBe('RATE_LIMITED');
      }
      expect(await snapshot()).toEqual(after);

      // Each report delivered twice at the same moment (a client retry) counts once.
      const twice = await newLearner();
      for (let i = 0; i <= 40; i++) {
        if (i > 0) h.clock.advanceSec(15);
        await reportOk(twice.openid, { articleId: paidAudio, percent: 50 });
        expect((await report(twice.openid, { articleId: paidAudio, percent: 50 })).ok).toBe(false);
      }
      expect((await stats(twice.openid)).totalSec).toBe(600);
      expect((await stats(openid)).totalSec).toBe(600);
    });

    it('two articles reported in parallel share one wall clock: time is not doubled', async () => {
      const { openid } = await newLearner();
      // Article A at 0, 15, 30 …; article B at 7, 22, 37 … for ten minutes.
      for (let t = 0; t < 600; t += 15) {
        h.clock.set(new Date(start.getTime() + t * 1000));
        await reportOk(openid, { articleId: paidAudio, percent: 10 });
        h.clock.set(new Date(start.getTime() + (t + 7) * 1000));
        await reportOk(openid, { articleId: paidText, percent: 10 });
      }
      const total = (await stats(openid)).totalSec;
      expect(total).toBeLessThanOrEqual(600);
      expect(total).toBeGreaterThanOrEqual(580);
      const a = await h.ok('progress', 'get', { articleId: paidAudio }, { openid });
      const b = await h.ok('progress', 'get', { articleId: paidText }, { openid });
      expect(a.durationSec + b.durationSec).toBe(total);

      // Two articles at the very same moment: the second has no unclaimed time to offer.
      h.clock.advanceSec(15);
      await reportOk(openid, { articleId: paidAudio, percent: 10 });
      await h.fails('RATE_LIMITED', 'progress', 'report', { articleId: paidText, percent: 10 }, { openid });
    });

    it('a report after a 2-hour gap adds nothing for the gap, then a new session counts again', async () => {
      const { openid } = await newLearner();
      await session(openid, paidAudio, 300);
      h.clock.advance(2 * 3600_000);
      const res = await reportOk(openid, { articleId: paidAudio, percent: 60 });
      expect(res.creditedSec).toBe(0);
      expect((await stats(openid)).totalSec).toBe(300);
      h.clock.advanceSec(15);
      expect((await reportOk(openid, { articleId: paidAudio, percent: 61 })).creditedSec).toBe(15);
      expect((await stats(openid)).totalSec).toBe(315);
    });

    it('one report earns at most 60 s, and the very first report of a learner earns nothing', async () => {
      const { openid } = await newLearner();
      expect((await reportOk(openid, { articleId: paidAudio, percent: 1 })).creditedSec).toBe(0);
      h.clock.advanceSec(200);
      expect((await reportOk(openid, { articleId: paidAudio, percent: 2 })).creditedSec).toBe(60);
      expect((await stats(openid)).totalSec).toBe(60);
    });

    it('leftover milliseconds are carried, never rounded up', async () => {
      const { openid } = await newLearner();
      await reportOk(openid, { articleId: paidAudio, percent: 1 });
      for (let i = 0; i < 4; i++) {
        h.clock.advance(7_500);
        await reportOk(openid, { articleId: paidAudio, percent: 1 });
      }
      expect((await stats(openid)).totalSec).toBe(30);
    });

    it('reports closer than 5 s are RATE_LIMITED and record nothing, not even the percent', async () => {
      const { openid } = await newLearner();
      await reportOk(openid, { articleId: paidAudio, percent: 10 });
      h.clock.advanceSec(3);
      const before = await snapshot();
      const error = await h.fails('RATE_LIMITED', 'progress', 'report', { articleId: paidAudio, percent: 40 }, { openid });
      expect(error.details).toEqual({ retryAfterSec: 2 });
      expect(await snapshot()).toEqual(before);
    });

    it('a stretch crossing midnight in Asia/Shanghai is split between the two days', async () => {
      // 15:59:50Z is 23:59:50 in Shanghai.
      const { openid } = await newLearner('2026-06-01T15:59:50.000Z');
      await reportOk(openid, { articleId: paidAudio, percent: 1 });
      h.clock.advanceSec(15);
      await reportOk(openid, { articleId: paidAudio, percent: 2 });
      const s = await stats(openid, 2);
      expect(s.daily).toEqual([
        { day: '2026-06-01', sec: 10 },
        { day: '2026-06-02', sec: 5 },
      ]);
      expect(s.totalSec).toBe(15);
    });
  });

  describe('percent and completion', () => {
    it('percent never decreases: 80 → 50 stays 80', async () => {
      const { openid } = await newLearner();
      expect((await reportOk(openid, { articleId: paidText, percent: 80 })).percent).toBe(80);
      h.clock.advanceSec(15);
      expect((await reportOk(openid, { articleId: paidText, percent: 50 })).percent).toBe(80);
      expect((await h.ok('progress', 'get', { articleId: paidText }, { openid })).percent).toBe(80);
    });

    it('completion at ≥ 90 % is sticky and completed_at is set once', async () => {
      const { openid, userId } = await newLearner();
      await reportOk(openid, { articleId: paidText, percent: 89.9 });
      expect((await h.ok('progress', 'get', { articleId: paidText }, { openid })).completed).toBe(false);
      h.clock.advanceSec(15);
      const done = await reportOk(openid, { articleId: paidText, percent: 95 });
      expect(done).toMatchObject({ percent: 95, completed: true });
      const completedAt = (await h.db('reading_progress').where({ user_id: userId, article_id: paidText }).first()).completed_at;
      expect(completedAt).not.toBeNull();
      h.clock.advanceSec(15);
      expect(await reportOk(openid, { articleId: paidText, percent: 10 })).toMatchObject({ percent: 95, completed: true });
      h.clock.advanceSec(15);
      await reportOk(openid, { articleId: paidText, percent: 100 });
      const row = await h.db('reading_progress').where({ user_id: userId, article_id: paidText }).first();
      expect(row.completed_at).toEqual(completedAt);
      expect(row.percent).toBe(100);
    });

    it('stores the media resume position, the latest one wins', async () => {
      const { openid } = await newLearner();
      await reportOk(openid, { articleId: paidAudio, percent: 50, positionSec: 300.7 });
      h.clock.advanceSec(15);
      await reportOk(openid, { articleId: paidAudio, percent: 40, positionSec: 120 });
      h.clock.advanceSec(15);
      await reportOk(openid, { articleId: paidAudio, percent: 41 }); // no position: keeps it
      const got = await h.ok('progress', 'get', { articleId: paidAudio }, { openid });
      expect(got).toEqual({ percent: 50, completed: false, positionSec: 120, durationSec: 30, lastReadAt: h.clock.now().toISOString() });
      h.clock.advanceSec(15);
      expect((await report(openid, { articleId: paidAudio, percent: 41, positionSec: 600 })).ok).toBe(true); // the very end
    });
  });

  describe('who may record progress', () => {
    it('a preview reader is FORBIDDEN and nothing is recorded, not even a users row', async () => {
      const { openid } = await newLearner();
      const before = await snapshot();
      await h.fails('FORBIDDEN', 'progress', 'report', { articleId: preview, percent: 10 }, { openid });
      await h.fails('FORBIDDEN', 'progress', 'report', { articleId: preview, percent: 10 }, { openid: 'never-seen' });
      expect(await snapshot()).toEqual(before);
    });

    it('free articles are recorded for anyone signed in; the learner row is created then', async () => {
      await h.ok('progress', 'report', { articleId: free, percent: 30 }, { openid: 'brand-new' });
      expect(await h.db('users').where({ openid: 'brand-new' }).first()).toBeTruthy();
    });

    it('an expired or revoked entitlement no longer allows recording', async () => {
      h.clock.set(start);
      const userId = await insertUser(h.db, start, 'lapsed');
      await grant(h.db, start, userId, 'column', otherCol, { expires_at: new Date(start.getTime() - 1000) });
      await grant(h.db, start, userId, 'article', preview, { revoked_at: start });
      await h.fails('FORBIDDEN', 'progress', 'report', { articleId: preview, percent: 10 }, { openid: 'lapsed' });
    });

    it('an archived column stays readable, and reportable, for those who own it', async () => {
      const { openid, userId } = await newLearner();
      await h.fails('NOT_FOUND', 'progress', 'report', { articleId: inArchivedColumn, percent: 10 }, { openid });
      const archived = (await h.db('articles').where({ id: inArchivedColumn }).first('column_id')).column_id;
      await grant(h.db, h.clock.now(), userId, 'column', Number(archived));
      await reportOk(openid, { articleId: inArchivedColumn, percent: 10 });
      expect((await h.ok('progress', 'get', { articleId: inArchivedColumn }, { openid })).percent).toBe(10);
      expect((await h.ok('progress', 'column', { columnId: Number(archived) }, { openid })).total).toBe(1);
    });

    it('an anonymous caller is UNAUTHENTICATED', async () => {
      await h.fails('UNAUTHENTICATED', 'progress', 'report', { articleId: free, percent: 10 });
      await h.fails('UNAUTHENTICATED', 'progress', 'stats', {});
    });

    it('progress is per caller: nobody reads or writes someone else’s', async () => {
      const a = await newLearner();
      await reportOk(a.openid, { articleId: paidText, percent: 70 });
      const b = await newLearner();
      expect(await h.ok('progress', 'get', { articleId: paidText }, { openid: b.openid })).toMatchObject({ percent: 0, lastReadAt: null });
      expect((await h.ok('progress', 'recent', {}, { openid: b.openid })).items).toEqual([]);
      const before = await snapshot();
      await h.fails('INVALID_INPUT', 'progress', 'report', { articleId: paidText, percent: 100, userId: a.userId }, { openid: b.openid });
      await h.fails('INVALID_INPUT', 'progress', 'get', { articleId: paidText, openid: a.openid }, { openid: b.openid });
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('bad input → a clear error and nothing written', () => {
    it.each([
      ['percent below 0', { percent: -1 }, 'INVALID_INPUT', 'percent'],
      ['percent above 100', { percent: 100.5 }, 'INVALID_INPUT', 'percent'],
      ['percent NaN', { percent: NaN }, 'INVALID_INPUT', 'percent'],
      ['percent Infinity', { percent: Infinity }, 'INVALID_INPUT', 'percent'],
      ['percent as a string', { percent: '50' }, 'INVALID_INPUT', 'percent'],
      ['percent null', { percent: null }, 'INVALID_INPUT', 'percent'],
      ['percent missing', { percent: undefined }, 'INVALID_INPUT', 'percent'],
      ['articleId as a string', { articleId: '1' }, 'INVALID_INPUT', 'articleId'],
      ['articleId missing', { articleId: undefined }, 'INVALID_INPUT', 'articleId'],
      ['positionSec negative', { positionSec: -1 }, 'INVALID_INPUT', 'positionSec'],
      ['positionSec beyond the media', { positionSec: 601 }, 'INVALID_INPUT', 'positionSec'],
      ['positionSec as a string', { positionSec: '10' }, 'INVALID_INPUT', 'positionSec'],
      ['a client-sent duration', { durationSec: 3600 }, 'INVALID_INPUT', 'durationSec'],
      ['a userId', { userId: 1 }, 'INVALID_INPUT', 'userId'],
      ['an unknown article', { articleId: 999999 }, 'NOT_FOUND', null],
      ['a draft article', { articleId: -1 }, 'NOT_FOUND', null],
      ['a scheduled article', { articleId: -2 }, 'NOT_FOUND', null],
      ['an article of a draft column', { articleId: -3 }, 'NOT_FOUND', null],
      ['an article of an archived column the caller does not own', { articleId: -4 }, 'NOT_FOUND', null],
    ])('%s', async (_label, over: Record<string, unknown>, code, field) => {
      const { openid } = await newLearner();
      await reportOk(openid, { articleId: paidAudio, percent: 10, positionSec: 5 });
      h.clock.advanceSec(15);
      const ids: Record<number, number> = { [-1]: draft, [-2]: scheduled, [-3]: inDraftColumn, [-4]: inArchivedColumn };
      const input: Record<string, unknown> = { articleId: paidAudio, percent: 50, ...over };
      if (typeof input.articleId === 'number' && ids[input.articleId]) input.articleId = ids[input.articleId];
      for (const key of Object.keys(input)) if (input[key] === undefined) delete input[key];
      const before = await snapshot();
      const error = await h.fails(code, 'progress', 'report', input, { openid });
      expect(error.message).toMatch(/[\u4e00-\u9fff]/);
      if (field) expect(error.details.map((d: { field: string }) => d.field)).toContain(field);
      expect(await snapshot()).toEqual(before);
    });

    it('a position on an article without media is refused', async () => {
      const { openid } = await newLearner();
      const before = await snapshot();
      await h.fails('INVALID_INPUT', 'progress', 'report', { articleId: paidText, percent: 5, positionSec: 1 }, { openid });
      expect(await snapshot()).toEqual(before);
    });

    it.each([
      ['get', { articleId: 999999 }, 'NOT_FOUND'],
      ['get', { articleId: 0 }, 'INVALID_INPUT'],
      ['column', { columnId: 999999 }, 'NOT_FOUND'],
      ['column', { columnId: 'x' }, 'INVALID_INPUT'],
      ['recent', { limit: 0 }, 'INVALID_INPUT'],
      ['recent', { limit: 51 }, 'INVALID_INPUT'],
      ['stats', { days: 0 }, 'INVALID_INPUT'],
      ['stats', { days: 366 }, 'INVALID_INPUT'],
      ['stats', { days: 7.5 }, 'INVALID_INPUT'],
      ['stats', { days: 7, userId: 1 }, 'INVALID_INPUT'],
    ])('%s %j → %s', async (action, input, code) => {
      const { openid } = await newLearner();
      await h.fails(code, 'progress', action, input as Record<string, unknown>, { openid });
    });
  });

  describe('column, recent and stats', () => {
    it('column: completion over released articles and the article to continue with', async () => {
      const { openid } = await newLearner();
      const col0 = await h.ok('progress', 'column', { columnId: col }, { openid });
      expect(col0).toEqual({ completed: 0, total: 4, rate: 0, lastArticleId: paidAudio, articles: [] });

      await reportOk(openid, { articleId: paidText, percent: 40 });
      const col1 = await h.ok('progress', 'column', { columnId: col }, { openid });
      expect(col1.lastArticleId).toBe(paidText);
      // The table of contents' ticks: the learner's own percent per article read (unread ones left out).
      expect(col1.articles).toEqual([{ articleId: paidText, percent: 40, completed: false }]);

      h.clock.advanceSec(15);
      await reportOk(openid, { articleId: paidText, percent: 100 });
      // Finished the most recent one: the next unfinished in reading order (next chapter).
      const columnProgress = () => h.ok('progress', 'column', { columnId: col }, { openid });
      expect(await columnProgress()).toEqual({
        completed: 1,
        total: 4,
        rate: 0.25,
        lastArticleId: second,
        articles: [{ articleId: paidText, percent: 100, completed: true }],
      });
      for (const id of [paidAudio, second, free]) {
        h.clock.advanceSec(15);
        await reportOk(openid, { articleId: id, percent: 100 });
      }
      const done = await columnProgress();
      expect(done).toMatchObject({ completed: 4, total: 4, rate: 1, lastArticleId: null });
      expect(done.articles.map((a: { articleId: number }) => a.articleId).sort()).toEqual([paidAudio, paidText, second, free].sort());
      expect(done.articles.every((a: { percent: number; completed: boolean }) => a.percent === 100 && a.completed)).toBe(true);
    });

    it('recent: newest first, as cards without bodies, released articles only', async () => {
      const { openid } = await newLearner();
      for (const id of [paidAudio, free, paidText]) {
        await reportOk(openid, { articleId: id, percent: 20 });
        h.clock.advanceSec(15);
      }
      const data = await h.ok('progress', 'recent', { limit: 2 }, { openid });
      expect(data.items.map((i: any) => i.article.id)).toEqual([paidText, free]);
      expect(data.items[0]).toMatchObject({ percent: 20, article: { locked: false, title: '图文课' } });
      expect(typeof data.items[0].lastReadAt).toBe('string');
      const all = JSON.stringify(await h.ok('progress', 'recent', {}, { openid }));
      expect(all).not.toContain(PAID_SECRET);
      expect(all).not.toContain('cloud://');

      // Unpublished later: it leaves the list (the row stays for the admin side).
      await h.db('articles').where({ id: paidAudio }).update({ status: 'draft' });
      const after = await h.ok('progress', 'recent', {}, { openid });
      await h.db('articles').where({ id: paidAudio }).update({ status: 'published' });
      expect(after.items.map((i: any) => i.article.id)).toEqual([paidText, free]);
    });

    it('stats: last N Shanghai days including empty ones, and the streak ending today or yesterday', async () => {
      const { openid, userId } = await newLearner('2026-06-10T04:00:00.000Z');
      const day = (d: string, seconds: number) => h.db('learning_daily').insert({ user_id: userId, day: d, seconds });
      await day('2026-06-09', 120);
      await day('2026-06-08', 60);
      await day('2026-06-07', 30);
      await day('2026-06-05', 999);
      const s = await stats(openid, 5);
      expect(s.daily).toEqual([
        { day: '2026-06-06', sec: 0 },
        { day: '2026-06-07', sec: 30 },
        { day: '2026-06-08', sec: 60 },
        { day: '2026-06-09', sec: 120 },
        { day: '2026-06-10', sec: 0 },
      ]);
      expect(s.totalSec).toBe(1209);
      expect(s.streakDays).toBe(3); // yesterday back to 06-07; today not studied yet
      expect((await stats(openid)).daily).toHaveLength(30);

      await day('2026-06-10', 10);
      expect((await stats(openid, 1)).streakDays).toBe(4);
      h.clock.set('2026-06-12T04:00:00.000Z');
      expect((await stats(openid, 1)).streakDays).toBe(0);
    });

    it('a learner with no history gets zeros everywhere', async () => {
      const s = await h.ok('progress', 'stats', { days: 3 }, { openid: 'nobody-yet' });
      expect(s).toEqual({ totalSec: 0, streakDays: 0, daily: expect.arrayContaining([expect.objectContaining({ sec: 0 })]) });
      expect((await h.ok('progress', 'recent', {}, { openid: 'nobody-yet' })).items).toEqual([]);
      expect((await h.ok('progress', 'column', { columnId: col }, { openid: 'nobody-yet' })).completed).toBe(0);
      expect(await h.db('users').where({ openid: 'nobody-yet' }).first()).toBeUndefined();
    });
  });

  describe('cost and concurrency', () => {
    it('a report costs the same number of statements whatever the history size', async () => {
      const { openid, userId } = await newLearner();
      const count = async () => {
        let n = 0;
        const listener = () => (n += 1);
        h.db.on('query', listener);
        h.clock.advanceSec(15);
        await reportOk(openid, { articleId: paidAudio, percent: 50 });
        h.db.off('query', listener);
        return n;
      };
      await reportOk(openid, { articleId: paidAudio, percent: 1 });
      // The first report that earns time today inserts the day's row (the transaction path) …
      const firstOfDay = await count();
      // … every later one is the steady state.
      const small = await count();
      // A long history: two years of daily rows (batched: SQLite caps bound variables per statement).
      const days = Array.from({ length: 730 }, (_, i) => ({ user_id: userId, day: addDays('2024-01-01', i), seconds: 60 }));
      await h.db.batchInsert('learning_daily', days, 100);
      const large = await count();
      expect(large).toBe(small);
      // Read + (one statement, or BEGIN, clock+row, day, COMMIT) — the access check and the study clock included.
      expect(small).toBeLessThanOrEqual(testDbClient() === 'mysql' ? 2 : 6);
      // The first of a day also moves the learner's latest study day and the dashboard's counters (+2).
      expect(firstOfDay).toBeLessThanOrEqual(testDbClient() === 'mysql' ? 7 : 8);
    });

    it('concurrent identical reports count once (the real function, racing on the database)', async () => {
      const { openid, userId } = await newLearner();
      await reportOk(openid, { articleId: paidAudio, percent: 10 });
      h.clock.advanceSec(15);
      const results = await Promise.all(Array.from({ length: 8 }, () => report(openid, { articleId: paidAudio, percent: 20 })));
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      for (const r of results.filter((x) => !x.ok)) expect(r.ok ? '' : r.error.code).toBe('RATE_LIMITED');
      const row = await h.db('reading_progress').where({ user_id: userId, article_id: paidAudio }).first();
      expect(Number(row.duration_sec)).toBe(15);
      expect((await stats(openid)).totalSec).toBe(15);
      // The CMS summary counted this learner once, however many reports raced.
      const summary = await h.db('article_reading_stats').where('article_id', paidAudio).first();
      const readers = await h.db('reading_progress').where('article_id', paidAudio).count('* as n').first();
      expect(Number(summary.readers)).toBe(Number(readers?.n));
      if (testDbClient() === 'mysql') {
        // Two articles at once from two devices: still one stretch of wall clock.
        h.clock.advanceSec(15);
        const pair = await Promise.all([
          report(openid, { articleId: paidAudio, percent: 30 }),
          report(openid, { articleId: paidText, percent: 30 }),
        ]);
        expect(pair.filter((r) => r.ok)).toHaveLength(1);
        expect((await stats(openid)).totalSec).toBe(30);
      }
    });

    it('concurrent first reports of a brand-new learner count once', async () => {
      h.clock.set(start);
      const results = await Promise.all(
        Array.from({ length: 6 }, () => h.call('progress', 'report', { articleId: free, percent: 5 }, { openid: 'racer' })),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(await h.db('users').where({ openid: 'racer' })).toHaveLength(1);
    });
  });
});
