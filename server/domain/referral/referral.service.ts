import { randomInt } from 'node:crypto';
import type { Knex } from 'knex';
import { forUpdate } from '../../db/transactions';
import { toNum } from '../../db/values';
import { AppError } from '../../runtime/errors';
import type { ServiceContext } from '../../runtime/service-context';
import { DAY_MS } from '../calendar/shanghai-calendar';
import { commissionFen, DEFAULT_SETTINGS } from './referral.policy';
import { MINI_CODE_SCENE_MAX } from '../../ports/mini-code';

type LearnerCtx = Pick<ServiceContext, 'db' | 'now' | 'actor'>;

/** No 0/O, 1/I/L: learners read codes off posters. 8 of 31 symbols ≈ 8.5e11 codes. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 8;
const newCode = () => Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');

/** The page a poster's mini program code and a share link open; the code rides in `scene` / the query. */
export const REFERRAL_LANDING_PAGE = 'pages/index/index';

export interface ReferralSettings {
  ratePercent: number;
  holdDays: number;
}

export async function readSettings(db: Knex | Knex.Transaction): Promise<ReferralSettings> {
  const row = await db('referral_settings').where('id', 1).first('rate_percent', 'hold_days');
  return row ? { ratePercent: toNum(row.rate_percent), holdDays: toNum(row.hold_days) } : { ...DEFAULT_SETTINGS };
}

/** The learner's own code, made on first ask; a collision (unique index) just draws again. */
export async function codeOf(db: Knex, userId: number, now: Date): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const existing = await db('referral_codes').where('user_id', userId).first('code');
    if (existing) return String(existing.code);
    await db('referral_codes').insert({ user_id: userId, code: newCode(), created_at: now }).onConflict().ignore();
  }
  throw new Error('could not allocate a referral code');
}

/** What a referrer has earned: pending (in hold), earned past hold, cancelled, and paid out. */
export async function balanceOf(db: Knex | Knex.Transaction, referrerId: number, now: Date, lock = false) {
  const q = db('commissions')
    .where('referrer_id', referrerId)
    .select(
      db.raw("COALESCE(SUM(CASE WHEN status = 'held' AND available_at > ? THEN amount_fen ELSE 0 END), 0) AS pending", [now]),
      db.raw("COALESCE(SUM(CASE WHEN status = 'held' AND available_at <= ? THEN amount_fen ELSE 0 END), 0) AS earned", [now]),
      db.raw("COALESCE(SUM(CASE WHEN status = 'cancelled' THEN amount_fen ELSE 0 END), 0) AS cancelled"),
    );
  const sums = await (lock ? forUpdate(db as Knex, q) : q).first();
  const paid = await db('payouts').where('referrer_id', referrerId).sum('amount_fen as n').first();
  const paidOutFen = toNum(paid?.n);
  return {
    pendingFen: toNum(sums?.pending),
    availableFen: Math.max(0, toNum(sums?.earned) - paidOutFen),
    cancelledFen: toNum(sums?.cancelled),
    paidOutFen,
  };
}

/** Learner `referral.me`. */
export async function referralMe(ctx: LearnerCtx) {
  const userId = await ctx.actor.learnerId();
  const code = await codeOf(ctx.db, userId, ctx.now);
  const balance = await balanceOf(ctx.db, userId, ctx.now);
  const referred = await ctx.db('referral_bindings').where('referrer_id', userId).count('* as n').first();
  const binding = await ctx.db('referral_bindings').where('user_id', userId).first('referrer_id');
  return { code, ...balance, referredCount: toNum(referred?.n), boundToReferrer: !!binding, page: REFERRAL_LANDING_PAGE };
}

export const normalizeCode = (code: string) => code.replace(/[\s-]/g, '').toUpperCase();

/**
 * Learner `referral.bind`: the primary key on the learner makes the first binding win, also
 * under concurrent taps; a later code changes nothing and answers `bound: false`. A learner's
 * own code is refused (INVALID_INPUT), an unknown one is NOT_FOUND.
 */
export async function bindReferral(ctx: LearnerCtx, rawCode: string): Promise<{ bound: boolean }> {
  const userId = await ctx.actor.learnerId();
  const code = normalizeCode(rawCode);
  const owner = await ctx.db('referral_codes').where('code', code).first('user_id');
  if (!owner) throw new AppError('NOT_FOUND', '推广码不存在');
  const referrerId = Number(owner.user_id);
  if (referrerId === userId) throw new AppError('INVALID_INPUT', '不能绑定自己的推广码', { fields: ['code'] });
  await ctx.db('referral_bindings').insert({ user_id: userId, referrer_id: referrerId, bound_at: ctx.now }).onConflict('user_id').ignore();
  const binding = await ctx.db('referral_bindings').where('user_id', userId).first('referrer_id');
  return { bound: Number(binding?.referrer_id) === referrerId };
}

/**
 * Called by settlement inside its transaction: a referred buyer's paid order earns their
 * referrer floor(amount × rate / 100), held for holdDays. Keyed by the order, so a duplicate
 * settlement accrues nothing twice. The rate is read at settlement and stored with the row.
 */
export async function accrueCommission(
  trx: Knex.Transaction,
  order: { id: number; user_id: number; amount_fen: number },
  now: Date,
): Promise<void> {
  const binding = await trx('referral_bindings').where('user_id', Number(order.user_id)).first('referrer_id');
  if (!binding) return;
  const settings = await readSettings(trx);
  const amountFen = commissionFen(toNum(order.amount_fen), settings.ratePercent);
  if (amountFen <= 0) return;
  await trx('commissions')
    .insert({
      order_id: order.id,
      referrer_id: Number(binding.referrer_id),
      buyer_id: Number(order.user_id),
      order_amount_fen: toNum(order.amount_fen),
      rate_percent: settings.ratePercent,
      amount_fen: amountFen,
      status: 'held',
      available_at: new Date(now.getTime() + settings.holdDays * DAY_MS),
      cancelled_at: null,
      created_at: now,
    })
    .onConflict('order_id')
    .ignore();
}

/** Called by the refund transaction: a commission still inside its hold is cancelled; one past it stays earned. */
export async function cancelCommissionOf(trx: Knex.Transaction, orderId: number, now: Date): Promise<number> {
  return trx('commissions')
    .where({ order_id: orderId, status: 'held' })
    .where('available_at', '>', now)
    .update({ status: 'cancelled', cancelled_at: now });
}

/** The poster's mini program code: the scene is the referral code (8 chars, within WeChat's 32). */
export async function referralPoster(ctx: LearnerCtx & Pick<ServiceContext, 'ports'>) {
  const userId = await ctx.actor.learnerId();
  const code = await codeOf(ctx.db, userId, ctx.now);
  const scene = `r=${code}`;
  if (scene.length > MINI_CODE_SCENE_MAX) throw new Error('referral scene too long');
  const png = await ctx.ports.miniCode.getUnlimited({ scene, page: REFERRAL_LANDING_PAGE });
  return { code, scene, page: REFERRAL_LANDING_PAGE, image: `data:image/png;base64,${png.toString('base64')}` };
}
