/** ¥ with two decimals only when needed: 9900 → "¥99", 1990 → "¥19.9", 1 → "¥0.01". */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '';
  const text = (fen / 100).toFixed(2).replace(/\.?0+$/, '');
  return `¥${text}`;
}

/** 75 → "1:15", 3671 → "1:01:11". */
export function clock(sec: number): string {
  const s = Math.max(0, Math.floor(sec));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/** Study time for people: 0 → "0 分钟", 5400 → "1 小时 30 分钟". */
export function studyTime(sec: number): string {
  const minutes = Math.floor(Math.max(0, sec) / 60);
  const h = Math.floor(minutes / 60);
  return h ? `${h} 小时 ${minutes % 60} 分钟` : `${minutes} 分钟`;
}

/** ISO → "2026-06-01". */
export function day(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 10) : '';
}

/** ISO → relative Chinese time for comments. */
export function ago(iso: string, now = Date.now()): string {
  const diff = Math.max(0, now - Date.parse(iso)) / 1000;
  if (diff < 60) return '刚刚';
  if (diff < 3600) return `${Math.floor(diff / 60)} 分钟前`;
  if (diff < 86400) return `${Math.floor(diff / 3600)} 小时前`;
  if (diff < 86400 * 30) return `${Math.floor(diff / 86400)} 天前`;
  return day(iso);
}

/** "1 / 12 篇" style percent for progress bars. */
export function percentOf(rate: number | undefined): number {
  return Math.round(Math.max(0, Math.min(1, rate ?? 0)) * 100);
}

export interface TextPart {
  text: string;
  hit: boolean;
}

/** Splits `text` around every case-insensitive occurrence of `query`, for highlighting search hits. */
export function highlight(text: string, query: string): TextPart[] {
  const q = query.trim();
  if (!q) return [{ text, hit: false }];
  const parts: TextPart[] = [];
  const lower = text.toLowerCase();
  const needle = q.toLowerCase();
  let from = 0;
  for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, from)) {
    if (at > from) parts.push({ text: text.slice(from, at), hit: false });
    parts.push({ text: text.slice(at, at + q.length), hit: true });
    from = at + q.length;
  }
  if (from < text.length) parts.push({ text: text.slice(from), hit: false });
  return parts;
}
