import type { Knex } from 'knex';
import { AppError } from '../../runtime/errors';
import type { ServiceContext } from '../../runtime/service-context';
import { toIso, toNum } from '../../db/values';
import { rowOr404, rowPatch } from '../../db/rows';
import { auditActorOf, inAuditedTransaction } from '../audit/audited-transaction';

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

const planOr404 = (db: Knex | Knex.Transaction, id: number) => rowOr404(db, 'membership_plans', id, '会员方案不存在');

const PLAN_COLUMNS = { name: 'name', durationDays: 'duration_days', priceFen: 'price_fen', status: 'status' } as const;
const toRow = (input: Partial<PlanInput>) => rowPatch(input, PLAN_COLUMNS);

/** Every plan, archived ones included (the creator's view; learners see `plan.repo`'s active list). */
export async function listPlans(ctx: Pick<ServiceContext, 'db'>) {
  return { items: (await ctx.db('membership_plans').orderBy([{ column: 'sort' }, { column: 'id' }])).map(view) };
}

export const getPlan = async (ctx: Pick<ServiceContext, 'db'>, id: number) => view(await planOr404(ctx.db, id));

export function createPlan(ctx: ServiceContext, input: PlanInput) {
  return inAuditedTransaction(ctx.db, auditActorOf(ctx), async (trx) => {
    const max = await trx('membership_plans').max('sort as m').first();
    const [id] = await trx('membership_plans').insert({
      status: 'active',
      ...toRow(input),
      sort: toNum(max?.m) + 1,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    const after = view(await planOr404(trx, Number(id)));
    return { result: after, audit: { action: 'plan.create', targetType: 'plan', targetId: after.id, after } };
  });
}

export function updatePlan(ctx: ServiceContext, id: number, input: Partial<PlanInput>) {
  return inAuditedTransaction(ctx.db, auditActorOf(ctx), async (trx) => {
    const before = view(await planOr404(trx, id));
    await trx('membership_plans')
      .where({ id })
      .update({ ...toRow(input), updated_at: ctx.now });
    const after = view(await planOr404(trx, id));
    return { result: after, audit: { action: 'plan.update', targetType: 'plan', targetId: id, before, after } };
  });
}

/** A plan someone bought stays (archive it instead): memberships and orders point at it. */
export function deletePlan(ctx: ServiceContext, id: number) {
  return inAuditedTransaction(ctx.db, auditActorOf(ctx), async (trx) => {
    const before = view(await planOr404(trx, id));
    const used = await trx('orders').where({ item_type: 'membership', item_id: id }).count('* as n').first();
    const granted = await trx('entitlements').where({ scope: 'membership', item_id: id }).count('* as n').first();
    if (toNum(used?.n) + toNum(granted?.n) > 0) throw new AppError('CONFLICT', '该方案已有订单或会员，不能删除，可以停售');
    await trx('membership_plans').where({ id }).delete();
    return { result: { deleted: true as const }, audit: { action: 'plan.delete', targetType: 'plan', targetId: id, before } };
  });
}
