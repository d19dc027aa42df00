import { stringify } from 'csv-stringify/sync';
import type { ServiceContext } from '../../runtime/service-context';
import { auditActorOf, inAuditedTransaction } from '../audit/audited-transaction';
import { shanghaiDateTime } from '../calendar/shanghai-calendar';
import { ITEM_TYPE_LABELS } from '../catalog/items';
import { ORDER_PROVIDER_LABELS, ORDER_STATUS_LABELS } from '../orders/order.model';
import { listOrdersForAdmin, type AdminOrderFilter } from '../orders/orders.admin';
import { listUsers } from '../users/users.admin';
import { listCommissions, type CommissionFilter } from '../referral/referral.admin';
import { COMMISSION_STATUS_LABELS } from '../referral/referral.policy';

/**
 * CSV exports for the creator's spreadsheet: the same filters as the CMS lists (the date range
 * included), Chinese headers and values, yuan with two decimals, Beijing time. Exports carry
 * learners' data, so each is audited with its filter and row count. A file holds at most
 * EXPORT_MAX_ROWS rows (newest first) and says so when it was cut.
 */
export const EXPORT_MAX_ROWS = 20_000;

type Ctx = Pick<ServiceContext, 'db' | 'now' | 'actor'>;
const yuanText = (fen: number) => (fen / 100).toFixed(2);
const when = (iso: string | null | undefined) => (iso ? shanghaiDateTime(new Date(iso)) : '');
const stamp = (now: Date) =>
  shanghaiDateTime(now)
    .replace(/[^0-9]/g, '')
    .slice(0, 12);

export interface CsvFile {
  filename: string;
  csv: string;
  rows: number;
  truncated: boolean;
}

async function audited(ctx: Ctx, action: string, filter: unknown, file: CsvFile): Promise<CsvFile> {
  return inAuditedTransaction(ctx.db, auditActorOf(ctx), async () => ({
    result: file,
    audit: { action, targetType: 'export', targetId: null, after: { filter, rows: file.rows } },
  }));
}

export async function exportOrders(ctx: Ctx, filter: Omit<AdminOrderFilter, 'cursor' | 'limit'>): Promise<CsvFile> {
  const { items, nextCursor } = await listOrdersForAdmin(ctx.db, { ...filter, limit: EXPORT_MAX_ROWS });
  const csv = stringify(
    items.map((o) => [
      o.orderNo,
      ITEM_TYPE_LABELS[o.itemType] ?? o.itemType,
      o.title,
      yuanText(o.amountFen),
      ORDER_STATUS_LABELS[o.status] ?? o.status,
      ORDER_PROVIDER_LABELS[o.provider] ?? o.provider,
      o.learnerNo,
      o.nickname,
      when(o.createdAt),
      when(o.paidAt),
      when(o.refundedAt),
      o.transactionId ?? '',
    ]),
    {
      header: true,
      columns: [
        '订单号',
        '商品类型',
        '商品',
        '金额（元）',
        '状态',
        '支付方式',
        '学员编号',
        '昵称',
        '下单时间',
        '支付时间',
        '退款时间',
        '交易号',
      ],
    },
  );
  const file = { filename: `orders-${stamp(ctx.now)}.csv`, csv, rows: items.length, truncated: nextCursor !== null };
  return audited(ctx, 'export.orders', filter, file);
}

interface LearnerRow {
  learnerNo: number;
  nickname: string;
  openid: string;
  paidOrders: number;
  paidFen: number;
  createdAt: string | null;
}

export async function exportLearners(ctx: Ctx, filter: { q?: string; from?: Date; to?: Date }): Promise<CsvFile> {
  const { items, nextCursor } = await listUsers(ctx.db, { ...filter, limit: EXPORT_MAX_ROWS });
  const csv = stringify(
    items.map((u: LearnerRow) => [u.learnerNo, u.nickname, u.openid, u.paidOrders, yuanText(u.paidFen), when(u.createdAt)]),
    { header: true, columns: ['学员编号', '昵称', 'openid', '付费订单数', '付费金额（元）', '首次使用时间'] },
  );
  const file = { filename: `learners-${stamp(ctx.now)}.csv`, csv, rows: items.length, truncated: nextCursor !== null };
  return audited(ctx, 'export.learners', filter, file);
}

/** The commissions of `commission.list` (issue 15) with its status filter and a creation date range. */
export async function exportCommissions(ctx: Ctx, filter: CommissionFilter): Promise<CsvFile> {
  // One row more than a file holds tells whether it was cut (the list has no cursor).
  const found = (await listCommissions(ctx, { ...filter, limit: EXPORT_MAX_ROWS + 1 })).items;
  const items = found.slice(0, EXPORT_MAX_ROWS);
  const csv = stringify(
    items.map((c) => [
      c.orderNo,
      c.title,
      ORDER_STATUS_LABELS[c.orderStatus as keyof typeof ORDER_STATUS_LABELS] ?? c.orderStatus,
      yuanText(c.orderAmountFen),
      c.ratePercent,
      yuanText(c.amountFen),
      COMMISSION_STATUS_LABELS[c.status] ?? c.status,
      c.referrerNickname,
      c.referrerOpenid,
      c.buyerOpenid,
      when(c.createdAt),
      when(c.availableAt),
    ]),
    {
      header: true,
      columns: [
        '订单号',
        '商品',
        '订单状态',
        '订单金额（元）',
        '佣金比例（%）',
        '佣金（元）',
        '佣金状态',
        '推广员昵称',
        '推广员 openid',
        '购买学员 openid',
        '产生时间',
        '可结算时间',
      ],
    },
  );
  const file = { filename: `commissions-${stamp(ctx.now)}.csv`, csv, rows: items.length, truncated: found.length > EXPORT_MAX_ROWS };
  return audited(ctx, 'export.commissions', filter, file);
}
