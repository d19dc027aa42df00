import { clock } from '../../../../../utils/format';

export const SPEEDS = [1, 1.25, 1.5, 2, 0.75];

/**
 * Audio on the background audio manager, so listening goes on with the screen off or the
 * mini program in the background (app.json requiredBackgroundModes: audio). Resumes from
 * `startSec` (the server's progress.get) and reports positions with a `timeupdate` event.
 */
Component({
  properties: {
    src: { type: String, value: '' },
    title: { type: String, value: '' },
    subtitle: { type: String, value: '' },
    cover: { type: String, value: '' },
    durationSec: { type: Number, value: 0 },
    startSec: { type: Number, value: 0 },
  },
  data: {
    playing: false,
    started: false,
    resumed: false,
    positionSec: 0,
    positionText: '0:00',
    durationText: '0:00',
    speed: 1,
  },
  observers: {
    'durationSec, startSec'(durationSec: number, startSec: number) {
      const start = startSec > 0 && startSec < durationSec - 3 ? startSec : 0;
      this.setData({ durationText: clock(durationSec), positionSec: start, positionText: clock(start) });
    },
  },
  lifetimes: {
    detached() {
      // Listening goes on in the background; only this component stops listening to updates.
      const bam = wx.getBackgroundAudioManager();
      bam.onTimeUpdate(() => undefined);
    },
  },
  methods: {
    manager(): WechatMiniprogram.BackgroundAudioManager {
      const bam = wx.getBackgroundAudioManager();
      bam.onPlay(() => this.setData({ playing: true }));
      bam.onPause(() => this.setData({ playing: false }));
      bam.onStop(() => this.setData({ playing: false }));
      bam.onEnded(() => {
        this.setData({ playing: false, positionSec: this.data.durationSec, positionText: clock(this.data.durationSec) });
        this.triggerEvent('timeupdate', { positionSec: this.data.durationSec, durationSec: this.data.durationSec, ended: true });
      });
      bam.onTimeUpdate(() => {
        const positionSec = Math.floor(bam.currentTime || 0);
        this.setData({ positionSec, positionText: clock(positionSec) });
        this.triggerEvent('timeupdate', { positionSec, durationSec: this.data.durationSec });
      });
      return bam;
    },
    toggle() {
      const bam = this.manager();
      if (!this.data.started) {
        bam.title = this.data.title || '音频';
        bam.epname = this.data.subtitle;
        bam.singer = this.data.subtitle;
        bam.coverImgUrl = this.data.cover;
        bam.startTime = this.data.positionSec;
        bam.playbackRate = this.data.speed;
        bam.src = this.data.src; // setting src starts playback
        this.setData({ started: true, playing: true, resumed: this.data.positionSec > 0 });
        return;
      }
      if (this.data.playing) bam.pause();
      else bam.play();
    },
    seek(e: WechatMiniprogram.SliderChange) {
      const positionSec = Number(e.detail.value);
      this.setData({ positionSec, positionText: clock(positionSec) });
      if (this.data.started) this.manager().seek(positionSec);
      this.triggerEvent('timeupdate', { positionSec, durationSec: this.data.durationSec });
    },
    nextSpeed() {
      const speed = SPEEDS[(SPEEDS.indexOf(this.data.speed) + 1) % SPEEDS.length];
      this.setData({ speed });
      if (this.data.started) this.manager().playbackRate = speed;
    },
  },
});
