import { createMpApp, type MpApp } from '../support/mp';
import { articleId, columnId, grantColumn } from '../support/seed';

/**
 * Listening as in 得到: the app's audio service (services/audio-player.ts) plays the column's
 * lessons one after another with the screen off, and its own reports credit each lesson on the
 * real backend while the reader page is hidden. The fake background audio manager behaves like
 * the platform's (src set → waiting → canplay → play; ended; errors; lock-screen buttons).
 */
describe('background audio', () => {
  let app: MpApp;
  let column: number;
  let opening: number; // 开篇词 (audio added below)
  let forgetting: number; // has audio in the demo seed
  let spacing: number; // audio added below
  const me = 'audio-listener';
  const player = () => app.mp('services/audio-player').audioPlayer();

  beforeAll(async () => {
    app = await createMpApp({ openid: me });
    column = await columnId(app.h.db, '高效学习的科学');
    opening = await articleId(app.h.db, '开篇词：学习是一门可以练习的手艺');
    forgetting = await articleId(app.h.db, '遗忘曲线：记忆衰减的规律');
    spacing = await articleId(app.h.db, '间隔重复：用最少的次数记最久');
    // Three lessons with audio in this column: the demo seed has one; give two more the same track.
    await app.h
      .db('articles')
      .whereIn('id', [opening, spacing])
      .update({ audio_file_id: 'media/demo/forgetting-curve.wav', audio_duration_sec: 20 });
    await grantColumn(app.h.db, me, column);
  });
  afterAll(() => app.close());

  const progressOf = (id: number) => app.h.ok('progress', 'get', { articleId: id }, { openid: me });

  it('plays three lessons in a row with the page hidden, and each is credited on the server', async () => {
    const reader = await app.open(`/pages/reader/article/index?id=${opening}`);
    await reader.tap('#audio >>> .play');
    expect(app.fake.audio.sources).toHaveLength(1);
    expect(app.fake.audio.title).toBe('开篇词：学习是一门可以练习的手艺');
    expect(player().state).toMatchObject({ status: 'playing', count: 3, index: 0, hasNext: true });

    // The learner locks the phone: the page hides, the audio plays on.
    await reader.page.onHide();
    app.fake.audio.duration = 20;
    const heard: string[] = [];
    for (const id of [opening, forgetting, spacing]) {
      expect(player().state.track.articleId).toBe(id);
      heard.push(app.fake.audio.title);
      app.h.clock.advanceSec(15);
      app.fake.audio.advanceTo(10);
      await player().tick(); // what the 15-second timer sends, page or no page
      await app.settle();
      expect((await progressOf(id)).positionSec).toBe(10);
      app.h.clock.advanceSec(15);
      app.fake.audio.advanceTo(20); // the end: the service reports it and starts the next lesson
      await app.settle();
    }
    expect(heard).toEqual(['开篇词：学习是一门可以练习的手艺', '遗忘曲线：记忆衰减的规律', '间隔重复：用最少的次数记最久']);
    expect(new Set(app.fake.audio.sources).size).toBe(3); // a fresh signed link per lesson
    expect(player().state.status).toBe('ended');

    for (const id of [opening, forgetting, spacing]) {
      expect(await progressOf(id)).toMatchObject({ percent: 100, completed: true, positionSec: 20 });
    }
    const stats = await app.h.ok('progress', 'stats', { days: 1 }, { openid: me });
    expect(stats.totalSec).toBeGreaterThanOrEqual(60); // 15-second stretches, credited while the page was hidden
    expect(app.fake.storage.has('progress-queue.v1')).toBe(false);
  });

  it('lock-screen next/previous move through the playlist; ±15 s; the speed is remembered', async () => {
    const reader = await app.open(`/pages/reader/article/index?id=${forgetting}`);
    await reader.tap('#audio >>> .play');
    expect(player().state.track.articleId).toBe(forgetting);
    app.fake.audio.lockScreen('next');
    await app.settle();
    expect(player().state.track.articleId).toBe(spacing);
    expect(player().state.hasNext).toBe(false);
    app.fake.audio.lockScreen('prev');
    await app.settle();
    expect(player().state.track.articleId).toBe(forgetting);

    await reader.tap('#audio >>> .forward15');
    expect(app.fake.audio.currentTime).toBe(15);
    await reader.tap('#audio >>> .back15');
    expect(app.fake.audio.currentTime).toBe(0);

    await reader.tap('#audio >>> .speed');
    expect(app.fake.audio.playbackRate).toBe(1.25);
    expect(app.fake.storage.get('audio-speed.v1')).toBe(1.25);
    // Next launch: a new service reads the speed back and plays at it.
    const fresh = app.mp('services/audio-player').resetAudioPlayer();
    expect(fresh.state.speed).toBe(1.25);
    const again = await app.open(`/pages/reader/article/index?id=${spacing}`);
    await again.tap('#audio >>> .play');
    expect(app.fake.audio.playbackRate).toBe(1.25);
    expect(again.text()).toContain('1.25x');
  });

  it('shows buffering, and a failed link is replaced by a fresh one from the same position', async () => {
    const reader = await app.open(`/pages/reader/article/index?id=${forgetting}`);
    await reader.tap('#audio >>> .play');
    app.fake.audio.advanceTo(7);
    app.fake.audio.stall();
    await app.settle();
    expect(player().state.status).toBe('buffering');
    expect(reader.text()).toContain('缓冲中');
    app.fake.audio.recover();
    await app.settle();
    expect(player().state.status).toBe('playing');

    const before = app.fake.audio.sources.length;
    const opens = app.fake.calls.filter((c) => c.action === 'article').length;
    app.fake.audio.fail(10002);
    await app.settle();
    expect(app.fake.audio.sources.length).toBe(before + 1);
    expect(app.fake.calls.filter((c) => c.action === 'article').length).toBe(opens + 1);
    expect(app.fake.audio.startTime).toBe(7);
    expect(player().state.status).toBe('playing');

    // A second failure on the fresh link is real: the learner sees it and can retry.
    app.fake.audio.fail(10002);
    await app.settle();
    expect(player().state.status).toBe('error');
    expect(reader.text()).toContain('点击重试');
  });

  it('resuming after a long pause fetches a fresh link instead of the lapsed one', async () => {
    let now = Date.parse('2026-06-01T08:00:00Z');
    app.mp('services/audio-player').resetAudioPlayer(() => now);
    const reader = await app.open(`/pages/reader/article/index?id=${forgetting}`);
    await reader.tap('#audio >>> .play');
    app.fake.audio.advanceTo(12);
    await reader.tap('#audio >>> .play'); // pause
    expect(player().state.status).toBe('paused');
    const before = app.fake.audio.sources.length;
    now += 30 * 60 * 1000;
    await reader.tap('#audio >>> .play');
    expect(app.fake.audio.sources.length).toBe(before + 1);
    expect(app.fake.audio.startTime).toBe(12);
    expect(player().state.status).toBe('playing');
  });

  it('the platform stopping the audio (system player closed) ends it and reports the position', async () => {
    app.mp('services/audio-player').resetAudioPlayer();
    const reader = await app.open(`/pages/reader/article/index?id=${forgetting}`);
    await reader.tap('#audio >>> .play');
    await reader.page.onUnload(); // the learner left the reader; the audio plays on
    app.h.clock.advanceSec(30);
    app.fake.audio.advanceTo(13);
    app.fake.audio.stop();
    await app.settle();
    expect(player().state.status).toBe('idle');
    const reports = app.fake.calls.filter((c) => c.name === 'progress' && c.action === 'report');
    expect(reports.at(-1)?.input).toEqual({ articleId: forgetting, percent: 65, positionSec: 13 });
  });

  it('a screen recording started on another page pauses a paid lesson playing in the background', async () => {
    app.mp('services/audio-player').resetAudioPlayer();
    const reader = await app.open(`/pages/reader/article/index?id=${forgetting}`);
    await reader.tap('#audio >>> .play');
    await reader.page.onUnload();
    await app.open('/pages/home/index/index');
    expect(player().state.status).toBe('playing');
    app.fake.startRecording();
    await app.settle();
    expect(player().state.status).toBe('paused');
  });

  it('the mini player follows the learner to other pages while something plays, and closes', async () => {
    app.mp('services/audio-player').resetAudioPlayer();
    const reader = await app.open(`/pages/reader/article/index?id=${forgetting}`);
    await reader.tap('#audio >>> .play');
    expect(reader.count('mini-info')).toBe(0); // the full player is on this page
    const home = await app.open('/pages/home/index/index');
    expect(home.count('mini-info')).toBe(1);
    expect(home.text()).toContain('遗忘曲线：记忆衰减的规律');
    await home.tap('#mini >>> .mini-toggle');
    expect(player().state.status).toBe('paused');
    await home.tap('#mini >>> .mini-info');
    expect(app.lastRoute()).toBe(`/pages/reader/article/index?id=${forgetting}`);
    await home.tap('#mini >>> .mini-close');
    expect(player().state.status).toBe('idle');
    expect(home.count('mini-info')).toBe(0);
  });
});
