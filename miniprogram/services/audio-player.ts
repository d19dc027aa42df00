import * as access from './access';
import * as catalog from './catalog';
import { assetUrl } from './api';
import { toApiError } from './errors';
import { ProgressReporter, progressQueue, REPORT_INTERVAL_MS } from './progress-reporter';
import type { ArticleCard, ColumnDetail } from './types';

/**
 * The one owner of wx.getBackgroundAudioManager(). Pages and components never touch the manager:
 * they call this service and subscribe to its state. Listening is a column-long activity (得到):
 * a playlist of the column's lessons the learner can hear, auto-next, lock-screen prev/next,
 * speed remembered across launches, ±15 s, buffering/error states, signed media links refreshed
 * when they expire, and study-time reports sent from here — so they keep flowing while the
 * reader page is hidden or closed and the audio plays on in the background.
 */
export interface Track {
  articleId: number;
  columnId: number;
  title: string;
  columnTitle: string;
  cover: string;
  durationSec: number;
  /** Paid lessons pause when a screen recording starts, whichever page is showing. */
  paid: boolean;
}

export type AudioStatus = 'idle' | 'loading' | 'playing' | 'paused' | 'buffering' | 'ended' | 'error';

export interface AudioState {
  status: AudioStatus;
  track: Track | null;
  index: number;
  count: number;
  positionSec: number;
  durationSec: number;
  speed: number;
  message: string;
  hasPrev: boolean;
  hasNext: boolean;
}

export const SPEEDS = [1, 1.25, 1.5, 2, 0.75];
export const SKIP_SEC = 15;
export const SPEED_KEY = 'audio-speed.v1';
/**
 * The server signs a media link for 10 minutes plus the track's length. A link older than
 * 10 minutes is not trusted for a resume: the learner may have paused long enough for it to lapse.
 */
export const URL_TTL_MS = 10 * 60 * 1000;

type Listener = (state: AudioState) => void;

/** Column lessons the learner can hear now (released, unlocked, with audio), in catalog order. */
export function playableTracks(detail: ColumnDetail): Track[] {
  const cover = assetUrl(detail.column.cover);
  return detail.chapters
    .flatMap((ch) => ch.articles)
    .filter((a: ArticleCard) => a.hasAudio && !a.locked)
    .map((a) => ({
      articleId: a.id,
      columnId: detail.column.id,
      title: a.title,
      columnTitle: detail.column.title,
      cover,
      durationSec: a.audioDurationSec ?? 0,
      paid: !a.isFree,
    }));
}

function readSpeed(): number {
  try {
    const saved = Number(wx.getStorageSync(SPEED_KEY));
    return SPEEDS.includes(saved) ? saved : 1;
  } catch {
    return 1;
  }
}

export class AudioPlayer {
  private bam: WechatMiniprogram.BackgroundAudioManager | null = null;
  private listeners = new Set<Listener>();
  private tracks: Track[] = [];
  private index = -1;
  private status: AudioStatus = 'idle';
  private positionSec = 0;
  private message = '';
  private speed = readSpeed();
  private urlAt = 0;
  /** One fresh link per failure: a second error on a fresh link is a real error, shown to the learner. */
  private retried = false;
  private reporter: ProgressReporter | null = null;
  /** Bumped on every track change, so a slow link fetch for an abandoned track is ignored. */
  private generation = 0;

  constructor(private readonly now: () => number = () => Date.now()) {}

  get state(): AudioState {
    const track = this.tracks[this.index] ?? null;
    return {
      status: this.status,
      track,
      index: this.index,
      count: this.tracks.length,
      positionSec: this.positionSec,
      durationSec: track?.durationSec ?? 0,
      speed: this.speed,
      message: this.message,
      hasPrev: this.index > 0,
      hasNext: this.index >= 0 && this.index < this.tracks.length - 1,
    };
  }

  /** Calls `fn` now and on every change; returns the unsubscribe. */
  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    fn(this.state);
    return () => this.listeners.delete(fn);
  }

  /**
   * Plays `articleId` inside its column's playlist. `url` is a link the reader just received from
   * access.article (used as is); without one a fresh link is fetched.
   */
  async playArticle(input: { articleId: number; columnId: number; startSec?: number; url?: string; fallback?: Track }): Promise<void> {
    const detail = await catalog.column(input.columnId).catch(() => null);
    let tracks = detail ? playableTracks(detail) : [];
    if (!tracks.some((t) => t.articleId === input.articleId)) tracks = input.fallback ? [input.fallback] : tracks;
    const at = tracks.findIndex((t) => t.articleId === input.articleId);
    if (at < 0) return;
    this.tracks = tracks;
    await this.start(at, input.startSec ?? 0, input.url);
  }

  toggle(): Promise<void> | void {
    if (this.status === 'playing' || this.status === 'buffering' || this.status === 'loading') return this.pause();
    return this.resume();
  }

  pause(): void {
    if (this.index < 0) return;
    this.manager().pause();
  }

  async resume(): Promise<void> {
    if (this.index < 0) return;
    const bam = this.manager();
    // After the platform stopped the audio, an error, or a long pause the old link may be dead.
    if (this.status === 'idle' || this.status === 'error' || this.status === 'ended' || this.now() - this.urlAt > URL_TTL_MS || !bam.src) {
      const startSec = this.status === 'ended' ? 0 : this.positionSec;
      await this.start(this.index, startSec);
      return;
    }
    bam.play();
  }

  next(): Promise<void> {
    if (this.index < this.tracks.length - 1) return this.start(this.index + 1, 0);
    return Promise.resolve();
  }

  prev(): Promise<void> {
    if (this.index > 0) return this.start(this.index - 1, 0);
    return Promise.resolve();
  }

  seek(sec: number): void {
    const duration = this.state.durationSec;
    this.positionSec = Math.max(0, Math.min(duration || sec, Math.floor(sec)));
    if (this.bam && this.bam.src) this.bam.seek(this.positionSec);
    this.emit();
  }

  skip(deltaSec: number): void {
    this.seek(this.positionSec + deltaSec);
  }

  nextSpeed(): number {
    this.setSpeed(SPEEDS[(SPEEDS.indexOf(this.speed) + 1) % SPEEDS.length]);
    return this.speed;
  }

  setSpeed(speed: number): void {
    this.speed = speed;
    try {
      wx.setStorageSync(SPEED_KEY, speed);
    } catch {
      // Storage full: the speed still applies for this session.
    }
    if (this.bam && this.bam.src) this.bam.playbackRate = speed;
    this.emit();
  }

  /** The learner closes the mini player: playback stops, the position is reported. */
  close(): Promise<void> {
    if (this.bam && this.bam.src) this.bam.stop();
    return this.settleReport();
  }

  /** What the timer sends; also called by tests and on every pause. */
  tick(): Promise<void> {
    return this.reporter ? this.reporter.tick() : Promise.resolve();
  }

  /** Tests: forget everything (timers too). */
  dispose(): void {
    this.reporter?.pauseTimer();
    this.reporter = null;
    this.listeners.clear();
  }

  private async start(index: number, startSec: number, knownUrl?: string, isRetry = false): Promise<void> {
    await this.settleReport();
    const generation = ++this.generation;
    this.index = index;
    this.positionSec = startSec;
    this.status = 'loading';
    this.message = '';
    this.retried = isRetry;
    const track = this.tracks[index];
    this.reporter = new ProgressReporter(track.articleId, () => this.snapshot(track), progressQueue(), REPORT_INTERVAL_MS);
    this.emit();
    let url = knownUrl;
    if (!url) {
      try {
        const view = await access.article(track.articleId);
        url = view.access.granted ? view.audio?.url : undefined;
        if (view.audio?.durationSec) track.durationSec = view.audio.durationSec;
        if (!url) {
          this.fail('本讲需解锁后收听');
          return;
        }
      } catch (err) {
        if (generation === this.generation) this.fail(toApiError(err).message);
        return;
      }
    }
    if (generation !== this.generation) return;
    const bam = this.manager();
    bam.title = track.title || '音频';
    bam.epname = track.columnTitle;
    bam.singer = track.columnTitle;
    bam.coverImgUrl = track.cover;
    bam.startTime = startSec;
    bam.playbackRate = this.speed;
    this.urlAt = this.now();
    bam.src = url; // setting src starts playback
  }

  private snapshot(track: Track): { percent: number; positionSec: number } | null {
    if (this.tracks[this.index] !== track) return null;
    const duration = track.durationSec;
    return { percent: duration ? (this.positionSec / duration) * 100 : 0, positionSec: this.positionSec };
  }

  /** Stops the report timer and sends the position reached. */
  private settleReport(): Promise<void> {
    return this.reporter ? this.reporter.stop() : Promise.resolve();
  }

  private fail(message: string): void {
    this.status = 'error';
    this.message = message;
    this.reporter?.pauseTimer();
    this.emit();
  }

  private emit(): void {
    const state = this.state;
    this.listeners.forEach((fn) => fn(state));
  }

  private manager(): WechatMiniprogram.BackgroundAudioManager {
    // The platform hands out one manager per app; binding is done once for it.
    const bam = wx.getBackgroundAudioManager();
    if (bam === this.bam) return bam;
    this.bam = bam;
    bam.onPlay(() => {
      this.status = 'playing';
      this.reporter?.start();
      this.emit();
    });
    bam.onPause(() => {
      this.status = 'paused';
      void this.settleReport();
      this.emit();
    });
    bam.onStop(() => {
      // The learner closed the system player (or the platform reclaimed it): nothing plays any more.
      this.status = 'idle';
      void this.settleReport();
      this.emit();
    });
    bam.onWaiting(() => {
      if (this.status === 'playing' || this.status === 'loading') {
        this.status = 'buffering';
        this.emit();
      }
    });
    bam.onCanplay(() => {
      if (this.status === 'buffering') {
        this.status = bam.paused ? 'paused' : 'playing';
        this.emit();
      }
    });
    bam.onTimeUpdate(() => {
      const sec = Math.floor(bam.currentTime || 0);
      if (sec === this.positionSec && this.status === 'playing') return;
      this.positionSec = sec;
      if (this.status === 'buffering' || this.status === 'loading') this.status = 'playing';
      this.emit();
    });
    bam.onEnded(() => {
      const track = this.tracks[this.index];
      if (track) this.positionSec = track.durationSec || this.positionSec;
      if (this.index < this.tracks.length - 1) {
        void this.next();
        return;
      }
      this.status = 'ended';
      void this.settleReport();
      this.emit();
    });
    bam.onError(() => {
      // Most errors after a while are a lapsed signed link: fetch a fresh one once and go on from here.
      if (!this.retried && this.index >= 0) {
        void this.start(this.index, this.positionSec, undefined, true);
        return;
      }
      this.fail('音频加载失败，请检查网络后重试');
    });
    bam.onNext(() => void this.next());
    bam.onPrev(() => void this.prev());
    // Audio goes on after the reader closes, so the reader's own guard is not enough: a recording
    // started on any page pauses a paid lesson.
    if (typeof wx.onScreenRecordingStateChanged === 'function') {
      wx.onScreenRecordingStateChanged(((res: { state: string }) => {
        if (res.state === 'start' && this.tracks[this.index]?.paid && this.status !== 'paused' && this.status !== 'idle') this.pause();
      }) as never);
    }
    return bam;
  }
}

let shared: AudioPlayer | null = null;
/** One player per app, like the manager it owns. */
export function audioPlayer(): AudioPlayer {
  shared ??= new AudioPlayer();
  return shared;
}
/** Tests start every app from scratch. */
export function resetAudioPlayer(now?: () => number): AudioPlayer {
  shared?.dispose();
  shared = new AudioPlayer(now);
  return shared;
}
