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

export const ITEM_TYPE_LABELS: Record<string, string> = { article: '单篇文章', column: '专栏', membership: '会员' };
