import { audioPlayer } from './audio-player';

/**
 * What the client can do against copying paid media (the server's rate limit does the rest):
 * hide the page from screenshots and recordings where the platform supports it
 * (wx.setVisualEffectOnCapture, Android), and stop playback the moment a screen recording
 * starts (wx.onScreenRecordingStateChanged). Both APIs are missing on older clients: then
 * nothing happens, which is no worse than before.
 */
export function hideFromCapture(on: boolean): void {
  if (typeof wx.setVisualEffectOnCapture !== 'function') return;
  wx.setVisualEffectOnCapture({ visualEffect: on ? 'hidden' : 'none', fail: () => undefined });
}

/**
 * Pauses the app's audio and calls `pauseOthers` (the page's video) when a recording starts.
 * Returns the function that stops watching.
 */
export function pauseOnRecording(pauseOthers: () => void): () => void {
  if (typeof wx.onScreenRecordingStateChanged !== 'function') return () => undefined;
  const listener = (res: { state: string }) => {
    if (res.state !== 'start') return;
    audioPlayer().pause();
    pauseOthers();
    wx.showToast({ title: '录屏时已暂停播放', icon: 'none' });
  };
  wx.onScreenRecordingStateChanged(listener as never);
  return () => {
    if (typeof wx.offScreenRecordingStateChanged === 'function') wx.offScreenRecordingStateChanged(listener as never);
  };
}

/** "张小明" → "张**", "ab" → "a*": enough to tell whose phone it was, not to read a name off it. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (!chars.length) return '';
  return chars[0] + '*'.repeat(Math.min(4, Math.max(1, chars.length - 1)));
}
