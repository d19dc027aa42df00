import { toIso, toNum } from '../../db/values';
import type { ServiceContext } from '../../runtime/service-context';

/** Admin `gift.list`: paid gift orders, who bought them and whether (and by whom) they were claimed. Tokens never leave to the CMS. */
export async function listGifts(ctx: Pick<ServiceContext, 'db'>) {
  const rows: Array<Record<string, any>> = await ctx
    .db('gifts as g')
    .join('orders as o', 'o.id', 'g.order_id')
    .join('users as b', 'b.id', 'g.buyer_id')
    .leftJoin('users as c', 'c.id', 'g.claimed_by')
    .orderBy('g.id', 'desc')
    .limit(500)
    .select(
      'o.order_no',
      'o.title',
      'o.item_type',
      'o.item_id',
      'o.amount_fen',
      'o.status',
      'b.openid as buyer_openid',
      'c.openid as claimer_openid',
      'g.claimed_at',
      'g.created_at',
    );
  return {
    items: rows.map((r) => ({
      orderNo: String(r.order_no),
      title: String(r.title),
      itemType: r.item_type,
      itemId: Number(r.item_id),
      amountFen: toNum(r.amount_fen),
      orderStatus: r.status,
      buyerOpenid: String(r.buyer_openid),
      claimerOpenid: r.claimer_openid ? String(r.claimer_openid) : null,
      status: r.claimer_openid ? 'claimed' : 'unclaimed',
      claimedAt: toIso(r.claimed_at),
      createdAt: toIso(r.created_at)!,
    })),
  };
}
