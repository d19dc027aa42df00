import type { Knex } from 'knex';
import { dbClientOf } from '../../db/dialect';
import { studyDayOf } from '../calendar/shanghai-calendar';

/**
 * The dashboard's per-day counters (daily_metrics, see its migration): the write paths that change
 * what the dashboard counts call these in their own transaction, so the counters move exactly
 * when the facts do — settlement, refunds, a learner's first call, a learner's latest study day.
 */
type Counter = 'orders' | 'revenue_fen' | 'refund_fen' | 'new_users' | 'last_learners' | 'last_payers';

/** Adds to each day's counters in ONE statement (a multi-row upsert; rows absent so far start at zero). */
async function addToDays(db: Knex, rows: Array<{ day: string } & Partial<Record<Counter, number>>>): Promise<void> {
  if (!rows.length) return;
  const counters: Counter[] = ['orders', 'revenue_fen', 'refund_fen', 'new_users', 'last_learners', 'last_payers'];
  const added = (c: Counter) => (dbClientOf(db) === 'mysql' ? `VALUES(${c})` : `excluded.${c}`);
  await db('daily_metrics')
    .insert(rows.map((r) => ({ day: r.day, ...Object.fromEntries(counters.map((c) => [c, r[c] ?? 0])) })))
    .onConflict('day')
    .merge(Object.fromEntries(counters.map((c) => [c, db.raw(`daily_metrics.${c} + ${added(c)}`)])));
}

/** An order became paid (or was refunded at once, when settling something already owned): it counts on its paid day. */
export function countSale(db: Knex, paidAt: Date, amountFen: number, refundedAtOnce: boolean): Promise<void> {
  return addToDays(db, [{ day: studyDayOf(paidAt), orders: 1, revenue_fen: amountFen, refund_fen: refundedAtOnce ? amountFen : 0 }]);
}

/** A paid order was refunded: the refund shows on the day the order was paid. */
export function countRefund(db: Knex, paidAt: Date, amountFen: number): Promise<void> {
  return addToDays(db, [{ day: studyDayOf(paidAt), refund_fen: amountFen }]);
}

/** A learner's row was created. */
export function countNewUser(db: Knex, createdAt: Date): Promise<void> {
  return addToDays(db, [{ day: studyDayOf(createdAt), new_users: 1 }]);
}

/**
 * A learner's latest day of something the dashboard counts once per learner over a window moved
 * on: the users column and the day counters together (the caller's transaction holds the
 * learner's row, so `from` is the stored value). Days only move forward: an earlier `to` changes nothing.
 */
async function moveLatestDay(
  db: Knex,
  column: 'last_study_day' | 'last_paid_day',
  counter: 'last_learners' | 'last_payers',
  userId: number,
  from: string | null,
  to: string,
): Promise<void> {
  if (from !== null && to <= from) return;
  await db('users')
    .where('id', userId)
    .update({ [column]: to });
  await addToDays(db, [...(from === null ? [] : [{ day: from, [counter]: -1 }]), { day: to, [counter]: 1 }]);
}

/** A learner studied on `to`, later than their latest study day so far (`from`, null: none). */
export function moveLatestStudyDay(db: Knex, userId: number, from: string | null, to: string): Promise<void> {
  return moveLatestDay(db, 'last_study_day', 'last_learners', userId, from, to);
}

/** A learner paid an order on the Shanghai day of `paidAt`; `from` is their latest paid day so far. */
export function moveLatestPaidDay(db: Knex, userId: number, from: string | null, paidAt: Date): Promise<void> {
  return moveLatestDay(db, 'last_paid_day', 'last_payers', userId, from, studyDayOf(paidAt));
}

export interface DayMetrics {
  day: string;
  orders: number;
  revenueFen: number;
  refundFen: number;
  newUsers: number;
  lastLearners: number;
  lastPayers: number;
}

/** The counters of the days from `firstDay` on (days without a row are all zero). */
export async function metricsSince(db: Knex, firstDay: string): Promise<DayMetrics[]> {
  const rows: Array<Record<string, unknown>> = await db('daily_metrics').where('day', '>=', firstDay).orderBy('day');
  return rows.map((r) => ({
    day: String(r.day),
    orders: Number(r.orders),
    revenueFen: Number(r.revenue_fen),
    refundFen: Number(r.refund_fen),
    newUsers: Number(r.new_users),
    lastLearners: Number(r.last_learners),
    lastPayers: Number(r.last_payers),
  }));
}

/** Every learner ever created: the sum of the new_users counters (one row per day since launch). */
export async function totalUsers(db: Knex): Promise<number> {
  const row = await db('daily_metrics').sum({ n: 'new_users' }).first();
  return Number(row?.n ?? 0);
}
