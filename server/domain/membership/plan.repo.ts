import type { Knex } from 'knex';
import { toNum } from '../../db/values';

export interface MembershipPlan {
  id: number;
  name: string;
  durationDays: number;
  priceFen: number;
}

/** Plans on sale, in the creator's order. Archived plans keep existing for old orders only. */
export async function listActivePlans(db: Knex): Promise<MembershipPlan[]> {
  const rows: Array<Record<string, unknown>> = await db('membership_plans')
    .select('id', 'name', 'duration_days', 'price_fen')
    .where('status', 'active')
    .orderBy([{ column: 'sort' }, { column: 'id' }]);
  return rows.map((r) => ({ id: Number(r.id), name: String(r.name), durationDays: toNum(r.duration_days), priceFen: toNum(r.price_fen) }));
}

/**
 * How long a membership plan lasts — the one place its length is read (settlement, redeem codes
 * and manual grants all give a plan's length). Null when there is no such plan.
 */
export async function planDurationDays(db: Knex | Knex.Transaction, planId: number): Promise<number | null> {
  const plan = await db('membership_plans').where('id', planId).first('duration_days');
  return plan ? toNum(plan.duration_days) : null;
}
