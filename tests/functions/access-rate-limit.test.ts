import { useHarness } from '../support/harness';
import { grant, insertArticle, insertColumn, insertUser } from '../support/fixtures';
import { READING_LIMITS } from '../../server/domain/access/reading-limit.policy';

/**
 * Paid reading is rate-limited per learner (issue 17): paid article texts and paid media links,
 * 60 per 10 minutes and 600 per day each. A refused open hands out nothing and counts nothing;
 * free articles, previews and other learners are never affected.
 */
describe('access.article rate limit on paid reading', () => {
  const h = useHarness();
  let audioOnly: number;
  let audioAndVideo: number;
  let free: number;
  let locked: number;
  const TEN_MIN = READING_LIMITS.paid_open[0].max;

  beforeAll(async () => {
    const now = h.clock.now();
    const column = await insertColumn(h.db, now);
    const other = await insertColumn(h.db, now);
    audioOnly = await insertArticle(h.db, now, column, { audio_file_id: 'media/test/a.wav', audio_duration_sec: 60 });
    audioAndVideo = await insertArticle(h.db, now, column, {
      audio_file_id: 'media/test/b.wav',
      audio_duration_sec: 60,
      video_file_id: 'media/test/b.mp4',
      video_duration_sec: 60,
    });
    free = await insertArticle(h.db, now, column, { is_free: true, audio_file_id: 'media/test/f.wav', audio_duration_sec: 60 });
    locked = await insertArticle(h.db, now, other);
    for (const openid of ['binge', 'media-binge', 'neighbour'])
      await grant(h.db, now, await insertUser(h.db, now, openid), 'column', column);
  }, 60000);

  it('the 61st paid open within 10 minutes is refused with a retry time, and nothing is handed out', async () => {
    expect(READING_LIMITS.paid_open).toEqual([
      { windowSec: 600, max: 60 },
      { windowSec: 86_400, max: 600 },
    ]);
    for (let i = 0; i < TEN_MIN; i++) {
      const data = await h.ok('access', 'article', { articleId: audioOnly }, { openid: 'binge' });
      expect(data.access.granted).toBe(true);
    }
    h.clock.advanceSec(120);
    const error = await h.fails('RATE_LIMITED', 'access', 'article', { articleId: audioOnly }, { openid: 'binge' });
    expect(error.message).toContain('太频繁');
    expect(error.details).toEqual({ retryAfterSec: 480 }); // the window ends 10 minutes after it began
    expect(JSON.stringify(error)).not.toContain('media/test');

    // Free articles, previews and other learners are untouched.
    expect((await h.ok('access', 'article', { articleId: free }, { openid: 'binge' })).audio.url).toBeTruthy();
    expect((await h.ok('access', 'article', { articleId: locked }, { openid: 'binge' })).access).toEqual({
      granted: false,
      reason: 'preview',
    });
    expect((await h.ok('access', 'article', { articleId: audioOnly }, { openid: 'neighbour' })).access.granted).toBe(true);

    // The next window opens again; the refused call was not counted.
    h.clock.advanceSec(480);
    expect((await h.ok('access', 'article', { articleId: audioOnly }, { openid: 'binge' })).audio.url).toBeTruthy();
    const rows = await h
      .db('reading_counters')
      .where({ kind: 'paid_open' })
      .andWhere('user_id', '=', h.db('users').select('id').where('openid', 'binge'));
    expect(Number(rows.find((r) => Number(r.window_sec) === 86_400)?.count)).toBe(TEN_MIN + 1);
  });

  it('media links count per track: an article with audio and video spends two', async () => {
    const perTen = READING_LIMITS.media_link[0].max;
    for (let i = 0; i < perTen / 2; i++) await h.ok('access', 'article', { articleId: audioAndVideo }, { openid: 'media-binge' });
    const error = await h.fails('RATE_LIMITED', 'access', 'article', { articleId: audioAndVideo }, { openid: 'media-binge' });
    expect(error.details).toMatchObject({ retryAfterSec: expect.any(Number) });
  });

  it('previews (anonymous or without access) and free articles are never counted', async () => {
    const total = async () => (await h.db('reading_counters').sum('count as n').first())?.n;
    const before = Number(await total());
    await h.ok('access', 'article', { articleId: audioOnly });
    await h.ok('access', 'article', { articleId: locked }, { openid: 'neighbour' });
    await h.ok('access', 'article', { articleId: free }, { openid: 'neighbour' });
    expect(Number(await total())).toBe(before);
  });
});
