/** "剩 2 天 3 小时" / "剩 3 小时 5 分" / "剩 4 分": a limited-time price's countdown on cards. */
export function countdownText(endsAt: string | null | undefined, now = Date.now()): string {
  if (!endsAt) return '';
  const ms = Date.parse(endsAt) - now;
  if (!(ms > 0)) return '';
  const min = Math.floor(ms / 60_000);
  const days = Math.floor(min / 1440);
  const hours = Math.floor((min % 1440) / 60);
  if (days > 0) return `剩 ${days} 天 ${hours} 小时`;
  if (hours > 0) return `剩 ${hours} 小时 ${min % 60} 分`;
  return `剩 ${Math.max(1, min)} 分`;
}
