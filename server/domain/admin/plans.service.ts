import { AppError, notFound } from '../../runtime/errors';
import { toIso, toNum } from '../../db/values';
import type { Ctx } from '../service-context-bridge';
import { writeAudit } from '../audit/audit.repo';
import type { Knex } from 'knex';

type Row = Record<string, any>;

export interface PlanInput {
  name: string;
  durationDays: number;
  priceFen: number;
  status?: 'active' | 'archived';
}

const view = (r: Row) => ({
  id: Number(r.id),
  name: r.name,
  durationDays: toNum(r.duration_days),
  priceFen: toNum(r.price_fen),
  status: r.status as 'active' | 'archived',
  sort: toNum(r.sort),
  createdAt: toIso(r.created_at),
  updatedAt: toIso(r.updated_at),
});

async function planOr404(db: Knex | Knex.Transaction, id: number) {
  const row = await db('membership_plans').where({ id }).first();
  if (!row) throw notFound('会员方案不存在');
  return row;
}

const toRow = (i: Partial<PlanInput>) => {
  const row: Row = {};
  if (i.name !== undefined) row.name = i.name;
  if (i.durationDays !== undefined) row.duration_days = i.durationDays;
  if (i.priceFen !== undefined) row.price_fen = i.priceFen;
  if (i.status !== undefined) row.status = i.status;
  return row;
};

export async function listPlans(db: Knex) {
  return { items: (await db('membership_plans').orderBy([{ column: 'sort' }, { column: 'id' }])).map(view) };
}

export const getPlan = async (db: Knex, id: number) => view(await planOr404(db, id));

export function createPlan(ctx: Ctx, input: PlanInput) {
  return ctx.db.transaction(async (trx) => {
    const max = await trx('membership_plans').max('sort as m').first();
    const [id] = await trx('membership_plans').insert({
      status: 'active',
      ...toRow(input),
      sort: toNum(max?.m) + 1,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    const after = view(await planOr404(trx, Number(id)));
    await writeAudit(trx, { adminId: ctx.admin.id, action: 'plan.create', targetType: 'plan', targetId: after.id, after, now: ctx.now });
    return after;
  });
}

export function updatePlan(ctx: Ctx, id: number, input: Partial<PlanInput>) {
  return ctx.db.transaction(async (trx) => {
    const before = view(await planOr404(trx, id));
    await trx('membership_plans').where({ id }).update({ ...toRow(input), updated_at: ctx.now });
    const after = view(await planOr404(trx, id));
    await writeAudit(trx, { adminId: ctx.admin.id, action: 'plan.update', targetType: 'plan', targetId: id, before, after, now: ctx.now });
    return after;
  });
}

/** A plan someone bought stays (archive it instead): memberships and orders point at it. */
export function deletePlan(ctx: Ctx, id: number) {
  return ctx.db.transaction(async (trx) => {
    const before = view(await planOr404(trx, id));
    const used = await trx('orders').where({ item_type: 'membership', item_id: id }).count('* as n').first();
    const granted = await trx('entitlements').where({ scope: 'membership', item_id: id }).count('* as n').first();
    if (toNum(used?.n) + toNum(granted?.n) > 0) throw new AppError('CONFLICT', '该方案已有订单或会员，不能删除，可以停售');
    await trx('membership_plans').where({ id }).delete();
    await writeAudit(trx, { adminId: ctx.admin.id, action: 'plan.delete', targetType: 'plan', targetId: id, before, now: ctx.now });
    return { deleted: true };
  });
}
