import { audioPlayer, SPEEDS, type AudioState } from '../../../../../services/audio-player';
import { clock } from '../../../../../utils/format';

export { SPEEDS };

/**
 * The reader's full player: a view of the app's audio service (services/audio-player.ts), which
 * owns the background audio manager. Tapping play starts this article inside its column's
 * playlist; the service goes on to the next lesson by itself and keeps reporting progress after
 * this page is gone. While this article is the one playing, positions go up as `timeupdate`.
 */
Component({
  properties: {
    articleId: { type: Number, value: 0 },
    columnId: { type: Number, value: 0 },
    src: { type: String, value: '' },
    title: { type: String, value: '' },
    subtitle: { type: String, value: '' },
    cover: { type: String, value: '' },
    paid: { type: Boolean, value: false },
    durationSec: { type: Number, value: 0 },
    startSec: { type: Number, value: 0 },
  },
  data: {
    current: false,
    playing: false,
    buffering: false,
    failed: false,
    message: '',
    resumed: false,
    positionSec: 0,
    positionText: '0:00',
    durationText: '0:00',
    speed: 1,
    hasPrev: false,
    hasNext: false,
    playingTitle: '',
  },
  observers: {
    'durationSec, startSec'(durationSec: number, startSec: number) {
      if (this.data.current) return;
      const start = startSec > 0 && startSec < durationSec - 3 ? startSec : 0;
      this.setData({ durationText: clock(durationSec), positionSec: start, positionText: clock(start) });
    },
  },
  lifetimes: {
    attached() {
      const self = this as unknown as { unsubscribe?: () => void };
      self.unsubscribe = audioPlayer().subscribe((s) => this.show(s));
    },
    detached() {
      // Listening goes on in the background; only this view stops following it.
      (this as unknown as { unsubscribe?: () => void }).unsubscribe?.();
    },
  },
  methods: {
    show(s: AudioState) {
      const current = !!s.track && s.track.articleId === this.data.articleId && s.status !== 'idle';
      if (!current) {
        this.setData({ current: false, playing: false, buffering: false, failed: false, speed: s.speed });
        return;
      }
      const durationSec = s.durationSec || this.data.durationSec;
      this.setData({
        current: true,
        playing: s.status === 'playing' || s.status === 'buffering' || s.status === 'loading',
        buffering: s.status === 'buffering' || s.status === 'loading',
        failed: s.status === 'error',
        message: s.message,
        positionSec: s.positionSec,
        positionText: clock(s.positionSec),
        durationText: clock(durationSec),
        speed: s.speed,
        hasPrev: s.hasPrev,
        hasNext: s.hasNext,
      });
      this.triggerEvent('timeupdate', { positionSec: s.positionSec, durationSec, ended: s.status === 'ended' });
    },
    toggle() {
      const player = audioPlayer();
      if (this.data.current) return player.toggle();
      this.setData({ resumed: this.data.positionSec > 0 });
      return player.playArticle({
        articleId: this.data.articleId,
        columnId: this.data.columnId,
        startSec: this.data.positionSec,
        url: this.data.src,
        fallback: {
          articleId: this.data.articleId,
          columnId: this.data.columnId,
          title: this.data.title,
          columnTitle: this.data.subtitle,
          cover: this.data.cover,
          durationSec: this.data.durationSec,
          paid: this.data.paid,
        },
      });
    },
    seek(e: WechatMiniprogram.SliderChange) {
      const positionSec = Number(e.detail.value);
      this.setData({ positionSec, positionText: clock(positionSec) });
      if (this.data.current) audioPlayer().seek(positionSec);
    },
    back15() {
      if (this.data.current) audioPlayer().skip(-15);
    },
    forward15() {
      if (this.data.current) audioPlayer().skip(15);
    },
    prev() {
      return audioPlayer().prev();
    },
    next() {
      return audioPlayer().next();
    },
    nextSpeed() {
      this.setData({ speed: audioPlayer().nextSpeed() });
    },
  },
});
