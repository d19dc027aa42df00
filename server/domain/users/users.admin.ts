import type { Knex } from 'knex';
import { notFound } from '../../runtime/errors';
import { toIso, toNum } from '../../db/values';
import { orWhereContains, whereContains } from '../../db/like';
import { decodeCursor, encodeCursor } from '../../runtime/cursor';
import { itemTitles, type ItemType } from '../catalog/items';

/** The CMS's view of learners: search, and one learner's entitlements and orders. */

type Row = Record<string, any>;

export async function listUsers(db: Knex, q: { q?: string; cursor?: string; limit: number }) {
  const key = decodeCursor(q.cursor, 1);
  const paid = db('orders')
    .where('status', 'paid')
    .select('user_id')
    .count('* as paid_orders')
    .sum('amount_fen as paid_fen')
    .groupBy('user_id')
    .as('p');
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

export async function getUser(db: Knex, id: number, now: Date) {
  const user = await db('users').where({ id }).first();
  if (!user) throw notFound('用户不存在');
  const ents = await db('entitlements').where({ user_id: id }).orderBy('id', 'desc');
  const title = await itemTitles(
    db,
    ents.map((e: Row) => ({ itemType: e.scope, itemId: Number(e.item_id) })),
  );
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
