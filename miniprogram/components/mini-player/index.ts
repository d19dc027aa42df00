import { audioPlayer, type AudioState } from '../../services/audio-player';
import { go, routes } from '../../utils/nav';

/**
 * The mini player every page carries (app.json registers it globally): while a lesson plays it
 * floats above the page (and above the tab bar on tab pages) with play/pause, next and close,
 * and opens the lesson on tap. On the reader page of the lesson that plays it hides itself:
 * the full player is right there.
 */
Component({
  options: { addGlobalClass: true },
  properties: {
    /** The article the page shows; the mini player hides while that one plays. */
    hideArticle: { type: Number, value: 0 },
    /** On tab pages and pages with a bottom action bar it sits above that bar. */
    aboveBar: { type: Boolean, value: false },
  },
  data: {
    visible: false,
    playing: false,
    buffering: false,
    failed: false,
    title: '',
    columnTitle: '',
    hasNext: false,
    articleId: 0,
    percent: 0,
  },
  lifetimes: {
    attached() {
      const self = this as unknown as { unsubscribe?: () => void };
      self.unsubscribe = audioPlayer().subscribe((s) => this.show(s));
    },
    detached() {
      (this as unknown as { unsubscribe?: () => void }).unsubscribe?.();
    },
  },
  methods: {
    show(s: AudioState) {
      const track = s.track;
      const visible = !!track && s.status !== 'idle' && track.articleId !== this.data.hideArticle;
      this.setData({
        visible,
        playing: s.status === 'playing' || s.status === 'buffering' || s.status === 'loading',
        buffering: s.status === 'buffering' || s.status === 'loading',
        failed: s.status === 'error',
        title: track?.title ?? '',
        columnTitle: s.status === 'error' ? s.message : (track?.columnTitle ?? ''),
        hasNext: s.hasNext,
        articleId: track?.articleId ?? 0,
        percent: s.durationSec ? Math.min(100, Math.round((s.positionSec / s.durationSec) * 100)) : 0,
      });
    },
    open() {
      if (this.data.articleId) go(routes.article(this.data.articleId));
    },
    toggle() {
      return audioPlayer().toggle();
    },
    next() {
      return audioPlayer().next();
    },
    close() {
      return audioPlayer().close();
    },
  },
});
