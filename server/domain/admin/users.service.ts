import type { Knex } from 'knex';
import { AppError, notFound } from '../../runtime/errors';
import { toIso, toNum } from '../../db/values';
import { orWhereContains, whereContains } from '../../db/like';
import { decodeCursor, encodeCursor } from '../../runtime/cursor';
import { ensureUserId } from '../users/user.repo';
import type { Ctx } from './content.service';
import { inAuditedTransaction } from '../audit/audited-transaction';
import { grantEntitlement } from '../orders/entitlement.grant';

type Row = Record<string, any>;
export type ItemType = 'article' | 'column' | 'membership';

export async function listUsers(db: Knex, q: { q?: string; cursor?: string; limit: number }) {
  const key = decodeCursor(q.cursor, 1);
  const paid = db('orders').where('status', 'paid').select('user_id').count('* as paid_orders').sum('amount_fen as paid_fen').groupBy('user_id').as('p');
  const rows = await db('users as u')
    .leftJoin(paid, 'p.user_id', 'u.id')
    .modify((b) => {
      if (key) b.where('u.id', '<', Number(key[0]));
      if (q.q) b.where((w) => orWhereContains(whereContains(w, 'u.openid', q.q!), 'u.nickname', q.q!));
    })
    .orderBy('u.id', 'desc')
    .limit(q.limit + 1)
    .select('u.*', 'p.paid_orders', 'p.paid_fen');
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r: Row) => ({
      id: Number(r.id),
      openid: r.openid,
      nickname: r.nickname,
      avatar: r.avatar,
      paidOrders: toNum(r.paid_orders),
      paidFen: toNum(r.paid_fen),
      createdAt: toIso(r.created_at),
    })),
    nextCursor: rows.length > q.limit ? encodeCursor([Number(page[page.length - 1].id)]) : null,
  };
}

/** Titles of (scope, item_id) rows — entitlements, redeem batches — one query per item type. */
export async function titlesOf(db: Knex, rows: Array<{ scope: string; item_id: unknown }>) {
  const ids = (scope: string) => [...new Set(rows.filter((r) => r.scope === scope).map((r) => Number(r.item_id)))];
  const [articles, columns, plans] = await Promise.all([
    db('articles').whereIn('id', ids('article')).select('id', 'title'),
    db('columns').whereIn('id', ids('column')).select('id', 'title'),
    db('membership_plans').whereIn('id', ids('membership')).select('id', 'name as title'),
  ]);
  const map = new Map<string, string>();
  for (const [scope, list] of [['article', articles], ['column', columns], ['membership', plans]] as const) {
    for (const r of list) map.set(`${scope}:${r.id}`, r.title);
  }
  return (scope: string, id: number) => map.get(`${scope}:${id}`) ?? '（已删除）';
}

export async function getUser(db: Knex, id: number, now: Date) {
  const user = await db('users').where({ id }).first();
  if (!user) throw notFound('用户不存在');
  const ents = await db('entitlements').where({ user_id: id }).orderBy('id', 'desc');
  const title = await titlesOf(db, ents);
  const orders = await db('orders').where({ user_id: id }).orderBy('id', 'desc').limit(50);
  return {
    user: { id: Number(user.id), openid: user.openid, nickname: user.nickname, avatar: user.avatar, createdAt: toIso(user.created_at) },
    entitlements: ents.map((e: Row) => {
      const expiresAt = toIso(e.expires_at);
      const revokedAt = toIso(e.revoked_at);
      return {
        id: Number(e.id),
        itemType: e.scope as ItemType,
        itemId: Number(e.item_id),
        title: title(e.scope, Number(e.item_id)),
        source: e.source as string,
        startsAt: toIso(e.starts_at),
        expiresAt,
        revokedAt,
        active: !revokedAt && (!expiresAt || new Date(expiresAt) > now),
      };
    }),
    orders: orders.map((o: Row) => ({
      orderNo: o.order_no,
      itemType: o.item_type,
      itemId: Number(o.item_id),
      title: o.title,
      amountFen: toNum(o.amount_fen),
      status: o.status,
      createdAt: toIso(o.created_at),
      paidAt: toIso(o.paid_at),
    })),
  };
}

/** The item a grant names, with the length a membership plan gives when no days are set. */
async function checkItem(db: Knex | Knex.Transaction, itemType: ItemType, itemId: number): Promise<{ planDays: number | null }> {
  const table = itemType === 'article' ? 'articles' : itemType === 'column' ? 'columns' : 'membership_plans';
  const row = await db(table).where({ id: itemId }).first(itemType === 'membership' ? ['id', 'duration_days'] : ['id']);
  if (!row) throw new AppError('NOT_FOUND', '要授权的内容不存在');
  return { planDays: itemType === 'membership' ? toNum(row.duration_days) : null };
}

export interface GrantInput {
  itemType: ItemType;
  itemId: number;
  days?: number;
  note?: string;
}

/**
 * Manual grants (offline students, compensation): one entitlement per learner with source
 * `grant`. The learner's row is created if they have never opened the mini program, so the grant
 * is waiting for them. A learner who already holds an active grant of the same item is skipped,
 * so pasting a list twice grants once.
 */
export async function grantMany(ctx: Ctx, openids: string[], input: GrantInput) {
  const unique = [...new Set(openids)];
  const { planDays } = await checkItem(ctx.db, input.itemType, input.itemId);
  // A membership always has a length: the plan's, unless the grant says otherwise.
  const days = input.days ?? planDays;
  // Learner rows first, outside the transaction: creating one is idempotent, and inside a
  // REPEATABLE READ snapshot a row a concurrent request just created would be invisible.
  const userIds = new Map<string, number>();
  for (const openid of unique) userIds.set(openid, await ensureUserId(ctx.db, openid, ctx.now));
  return inAuditedTransaction(ctx.db, { adminId: ctx.admin.id, now: ctx.now }, async (trx) => {
    const granted: Array<{ openid: string; expiresAt: string | null }> = [];
    const skipped: string[] = [];
    for (const openid of unique) {
      const userId = userIds.get(openid)!;
      // Memberships renew (the orders domain extends from the current expiry); content the
      // learner already holds through a grant is skipped, so pasting a list twice grants once.
      if (input.itemType !== 'membership') {
        const existing = await trx('entitlements')
          .where({ user_id: userId, scope: input.itemType, item_id: input.itemId, source: 'grant' })
          .whereNull('revoked_at')
          .where((w) => w.whereNull('expires_at').orWhere('expires_at', '>', ctx.now))
          .first('id');
        if (existing) {
          skipped.push(openid);
          continue;
        }
      }
      // The n-th grant of this item to this learner: concurrent duplicates of one request compute
      // the same key, and the (source, source_id) unique index keeps only one of them.
      const prior = await trx('entitlements').where({ user_id: userId, scope: input.itemType, item_id: input.itemId, source: 'grant' }).count('* as n').first();
      const { expiresAt } = await grantEntitlement(trx, ctx.now, {
        userId,
        scope: input.itemType,
        itemId: input.itemId,
        source: 'grant',
        sourceId: `grant:${userId}:${input.itemType}:${input.itemId}:${toNum(prior?.n)}`,
        days,
      });
      granted.push({ openid, expiresAt: expiresAt?.toISOString() ?? null });
    }
    const expiresAt = granted.length === 1 ? granted[0].expiresAt : days ? new Date(ctx.now.getTime() + days * 86400_000).toISOString() : null;
    return {
      result: { granted: granted.length, skipped: skipped.length, skippedOpenids: skipped, expiresAt },
      audit: {
        action: unique.length === 1 ? 'grant.create' : 'grant.bulk',
        targetType: input.itemType,
        targetId: input.itemId,
        after: { openids: granted.map((g) => g.openid), skipped, days, note: input.note ?? '' },
      },
    };
  });
}

/** Takes back a manual grant (orders are taken back by refunding, redeem codes stay). */
export async function revokeGrant(ctx: Ctx, entitlementId: number) {
  return inAuditedTransaction(ctx.db, { adminId: ctx.admin.id, now: ctx.now }, async (trx) => {
    const row = await trx('entitlements').where({ id: entitlementId }).first();
    if (!row) throw notFound('授权记录不存在');
    if (row.source !== 'grant') throw new AppError('CONFLICT', '只能撤销手动授权；订单授权请通过退款撤销');
    if (row.revoked_at) throw new AppError('CONFLICT', '该授权已撤销');
    await trx('entitlements').where({ id: entitlementId }).update({ revoked_at: ctx.now });
    return {
      result: { revoked: true },
      audit: { action: 'grant.revoke', targetType: 'entitlement', targetId: entitlementId, before: { revokedAt: null }, after: { revokedAt: ctx.now.toISOString() } },
    };
  });
}
