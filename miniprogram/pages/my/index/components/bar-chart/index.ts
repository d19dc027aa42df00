/**
 * Daily study minutes as CSS bars: a canvas would need its own context plumbing for a
 * seven-bar chart, and plain views render (and test) everywhere.
 */
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

export interface Bar {
  day: string;
  label: string;
  weekday: string;
  height: number;
  today: boolean;
}

export function toBars(daily: Array<{ day: string; sec: number }>): Bar[] {
  const max = Math.max(60, ...daily.map((d) => d.sec));
  return daily.map((d, i) => {
    const minutes = Math.round(d.sec / 60);
    return {
      day: d.day,
      label: minutes ? `${minutes}′` : '',
      // The date is a calendar day (Asia/Shanghai) — its weekday does not depend on the device zone.
      weekday: WEEKDAYS[new Date(`${d.day}T00:00:00Z`).getUTCDay()],
      height: Math.round((d.sec / max) * 100),
      today: i === daily.length - 1,
    };
  });
}

Component({
  properties: {
    daily: { type: Array, value: [] as Array<{ day: string; sec: number }> },
  },
  data: { bars: [] as Bar[] },
  observers: {
    daily(daily: Array<{ day: string; sec: number }>) {
      this.setData({ bars: toBars(daily || []) });
    },
  },
});
