/** Money is integer fen everywhere; the CMS shows and edits yuan. */
export const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? '—' : `¥${(fen / 100).toFixed(2)}`);
export const toFen = (yuanValue: number) => Math.round(yuanValue * 100);
export const toYuan = (fen: number) => fen / 100;

/** Times are shown in Beijing time, whatever the browser's zone. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

export const STATUS_LABELS: Record<string, { text: string; theme: 'default' | 'primary' | 'success' | 'warning' | 'danger' }> = {
  draft: { text: '草稿', theme: 'default' },
  published: { text: '已发布', theme: 'success' },
  archived: { text: '已归档', theme: 'warning' },
  scheduled: { text: '定时发布', theme: 'primary' },
  active: { text: '在售', theme: 'success' },
  pending: { text: '待支付', theme: 'warning' },
  paid: { text: '已支付', theme: 'success' },
  closed: { text: '已关闭', theme: 'default' },
  refunded: { text: '已退款', theme: 'danger' },
};

/** An article's tag: a published article whose time has not come yet is 定时发布. */
export function articleState(a: { status: string; publishAt: string | null }) {
  if (a.status === 'published' && a.publishAt && new Date(a.publishAt) > new Date()) return STATUS_LABELS.scheduled;
  return STATUS_LABELS[a.status];
}

export const ITEM_TYPE_LABELS: Record<string, string> = { article: '单篇文章', column: '专栏', membership: '会员' };

/** A picked range of whole Beijing days as the server's `from`/`to` (from the first day's start to the day after the last). */
export function dayRange(range: string[] | null | undefined): { from?: string; to?: string } {
  if (!range || range.length !== 2 || !range[0] || !range[1]) return {};
  return {
    from: new Date(`${range[0]}T00:00:00+08:00`).toISOString(),
    to: new Date(new Date(`${range[1]}T00:00:00+08:00`).getTime() + 86400000).toISOString(),
  };
}

/** "2026-12-01 至 2026-12-07" for a toast, or '' without a range. */
export const dateRangeText = (range: string[] | null | undefined) => (range?.length === 2 && range[0] ? `${range[0]} 至 ${range[1]}` : '');
