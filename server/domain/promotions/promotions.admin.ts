import { forUpdate } from '../../db/transactions';
import { toIso, toNum } from '../../db/values';
import { AppError } from '../../runtime/errors';
import type { ServiceContext } from '../../runtime/service-context';
import { auditActorOf, inAuditedTransaction } from '../audit/audited-transaction';
import { ITEM_TABLES, itemTitles, type ItemType } from '../catalog/items';
import { listPriceOf } from '../pricing/item-price';

type AdminCtx = Pick<ServiceContext, 'db' | 'now' | 'actor'>;

export interface Promotion {
  id: number;
  itemType: ItemType;
  itemId: number;
  title: string;
  priceFen: number;
  listPriceFen: number | null;
  startsAt: string;
  endsAt: string;
  status: 'active' | 'stopped';
  live: boolean;
}

async function toPromotions(ctx: AdminCtx, rows: Array<Record<string, any>>): Promise<Promotion[]> {
  const titles = await itemTitles(
    ctx.db,
    rows.map((r) => ({ itemType: r.item_type, itemId: Number(r.item_id) })),
  );
  return Promise.all(
    rows.map(async (r) => ({
      id: Number(r.id),
      itemType: r.item_type,
      itemId: Number(r.item_id),
      title: titles(r.item_type, Number(r.item_id)),
      priceFen: toNum(r.price_fen),
      listPriceFen: await listPriceOf(ctx.db, r.item_type, Number(r.item_id)),
      startsAt: toIso(r.starts_at)!,
      endsAt: toIso(r.ends_at)!,
      status: r.status === 'stopped' ? 'stopped' : 'active',
      live: r.status === 'active' && new Date(toIso(r.starts_at)!) <= ctx.now && new Date(toIso(r.ends_at)!) > ctx.now,
    })),
  );
}

/**
 * Admin `promotion.create`: a limited-time price for one item in a window. The item's row is
 * locked while the overlap check runs, so two concurrent creates for one item cannot both pass;
 * an overlapping active promotion is refused with CONFLICT. The price must be below the list price.
 */
export async function createPromotion(
  ctx: AdminCtx,
  input: { itemType: ItemType; itemId: number; priceFen: number; startsAt: string; endsAt: string },
): Promise<Promotion> {
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (endsAt.getTime() <= startsAt.getTime() || endsAt.getTime() <= ctx.now.getTime())
    throw new AppError('INVALID_INPUT', '活动结束时间必须晚于开始时间和当前时间', { fields: ['endsAt'] });
  const list = await listPriceOf(ctx.db, input.itemType, input.itemId);
  if (list === null) {
    if (!(await ctx.db(ITEM_TABLES[input.itemType].table).where('id', input.itemId).first('id')))
      throw new AppError('NOT_FOUND', '活动商品不存在');
    throw new AppError('NOT_FOR_SALE', '该商品不单独出售，不能设置限时价');
  }
  if (input.priceFen >= list) throw new AppError('INVALID_INPUT', '限时价必须低于原价', { fields: ['priceFen'] });
  const id = await inAuditedTransaction(ctx.db, auditActorOf(ctx), async (trx) => {
    await forUpdate(trx, trx(ITEM_TABLES[input.itemType].table).where('id', input.itemId).select('id'));
    const overlap = await trx('promotions')
      .where({ item_type: input.itemType, item_id: input.itemId, status: 'active' })
      .where('starts_at', '<', endsAt)
      .where('ends_at', '>', startsAt)
      .first('id');
    if (overlap) throw new AppError('CONFLICT', `与该商品已有的限时价活动（#${overlap.id}）时间重叠`);
    const [newId] = await trx('promotions').insert({
      item_type: input.itemType,
      item_id: input.itemId,
      price_fen: input.priceFen,
      starts_at: startsAt,
      ends_at: endsAt,
      status: 'active',
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    return { result: Number(newId), audit: { action: 'promotion.create', targetType: 'promotion', targetId: Number(newId), after: input } };
  });
  return (await toPromotions(ctx, [await ctx.db('promotions').where('id', id).first()]))[0]!;
}

export async function listPromotions(ctx: AdminCtx): Promise<{ items: Promotion[] }> {
  return { items: await toPromotions(ctx, await ctx.db('promotions').orderBy('id', 'desc').limit(500).select()) };
}

/** Admin `promotion.stop`: the price goes back to the list price at once; pending orders keep theirs. */
export async function stopPromotion(ctx: AdminCtx, id: number): Promise<Promotion> {
  const row = await ctx.db('promotions').where('id', id).first();
  if (!row) throw new AppError('NOT_FOUND', '限时价活动不存在');
  await inAuditedTransaction(ctx.db, auditActorOf(ctx), async (trx) => {
    const n = await trx('promotions').where({ id, status: 'active' }).update({ status: 'stopped', updated_at: ctx.now });
    return {
      result: undefined,
      audit: n
        ? { action: 'promotion.stop', targetType: 'promotion', targetId: id, before: { status: 'active' }, after: { status: 'stopped' } }
        : null,
    };
  });
  return (await toPromotions(ctx, [await ctx.db('promotions').where('id', id).first()]))[0]!;
}
