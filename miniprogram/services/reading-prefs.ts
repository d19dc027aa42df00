/**
 * The reader's font size, kept on the phone across launches (wx storage). Four steps like 得到's
 * 小 / 标准 / 大 / 特大; the body and its code blocks scale with it.
 */
export const FONT_KEY = 'reader-font.v1';
export const FONT_STEPS = [
  { label: '小', rpx: 30 },
  { label: '标准', rpx: 34 },
  { label: '大', rpx: 38 },
  { label: '特大', rpx: 44 },
];
export const DEFAULT_FONT_STEP = 1;

export function fontStep(): number {
  try {
    const raw: unknown = wx.getStorageSync(FONT_KEY); // '' when never set
    const saved = typeof raw === 'number' ? raw : NaN;
    return Number.isInteger(saved) && saved >= 0 && saved < FONT_STEPS.length ? saved : DEFAULT_FONT_STEP;
  } catch {
    return DEFAULT_FONT_STEP;
  }
}

export function setFontStep(step: number): number {
  const next = Math.max(0, Math.min(FONT_STEPS.length - 1, Math.floor(step)));
  try {
    wx.setStorageSync(FONT_KEY, next);
  } catch {
    // Storage full: the size still applies until the reader closes.
  }
  return next;
}

/**
 * How mp-html styles the server's article html: images never wider than the screen, code blocks
 * scroll sideways instead of widening the page, tables scroll too (scroll-table). Colours come
 * from the theme variables so dark mode needs nothing here.
 */
export const ARTICLE_TAG_STYLE: Record<string, string> = {
  img: 'max-width:100%;height:auto;display:block;margin:16rpx auto;border-radius:8rpx;',
  pre: 'overflow-x:auto;white-space:pre;word-break:normal;font-size:0.8em;line-height:1.6;background:var(--bg);padding:24rpx;border-radius:12rpx;margin:24rpx 0;',
  code: 'font-family:Menlo,Consolas,monospace;font-size:0.9em;',
  blockquote: 'margin:24rpx 0;padding:8rpx 24rpx;border-left:6rpx solid var(--line);color:var(--text-2);',
  table: 'border-collapse:collapse;',
  td: 'border:1rpx solid var(--line);padding:8rpx 12rpx;',
  th: 'border:1rpx solid var(--line);padding:8rpx 12rpx;background:var(--bg);',
  h2: 'font-size:1.25em;margin:1.2em 0 0.6em;',
  h3: 'font-size:1.1em;margin:1em 0 0.5em;',
  p: 'margin:0 0 0.9em;',
  a: 'color:var(--brand);',
};
