import type { Knex } from 'knex';
import { AppError } from '../../runtime/errors';
import type { ServiceContext } from '../../runtime/service-context';
import { toDate } from '../../db/values';
import { verifyPassword } from './password';
import { permissionsOf, type AdminRole } from './roles.policy';
import type { IssuedSession } from '../../ports/admin-auth';
import { inAuditedTransaction } from '../audit/audited-transaction';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
/** One message for an unknown user and a wrong password, so the login form does not reveal which usernames exist. */
export const BAD_LOGIN_MESSAGE = '用户名或密码错误';

// Verifying against a throwaway hash when the user does not exist keeps both failures equally slow.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export interface LoginResult extends IssuedSession {
  admin: { id: number; username: string; role: AdminRole; permissions: string[] };
}

/**
 * Locks the account when its tries are used up. The conditional update lets exactly one of several finishing failures
 * do it (and write the audit row); the counter starts again from zero for the next window.
 */
async function lockIfExhausted(db: Knex, adminId: number, now: Date): Promise<void> {
  await inAuditedTransaction(db, { adminId: null, now }, async (trx) => {
    const locked = await trx('admins')
      .where({ id: adminId })
      .andWhere('failed_logins', '>=', MAX_FAILED_LOGINS)
      .andWhere((q) => q.whereNull('locked_until').orWhere('locked_until', '<=', now))
      .update({ locked_until: new Date(now.getTime() + LOCK_MINUTES * 60000), failed_logins: 0, updated_at: now });
    return {
      result: undefined,
      audit: locked === 1 ? { action: 'admin.locked', targetType: 'admin', targetId: adminId, after: { lockMinutes: LOCK_MINUTES } } : null,
    };
  });
}

export async function login(
  ctx: Pick<ServiceContext, 'db' | 'now' | 'ports'>,
  input: { username: string; password: string },
): Promise<LoginResult> {
  const { db, now } = ctx;
  // Claim one of the account's remaining tries BEFORE the password is checked: a conditional update is atomic in the
  // database, so a burst of parallel guesses (many instances at once) gets at most MAX_FAILED_LOGINS checks in total
  // instead of each request reading "4 failures so far" and going on. The claim counts as a failure until a correct
  // password gives it back (the counter is reset on success).
  const claimed = await db('admins')
    .where({ username: input.username, status: 'active' })
    .andWhere((q) => q.whereNull('locked_until').orWhere('locked_until', '<=', now))
    .andWhere('failed_logins', '<', MAX_FAILED_LOGINS)
    .update({ failed_logins: db.raw('failed_logins + 1'), updated_at: now });
  const row = await db('admins').where({ username: input.username }).first();
  if (!row || row.status !== 'active') {
    await verifyPassword(input.password, DUMMY_HASH);
    throw new AppError('UNAUTHENTICATED', BAD_LOGIN_MESSAGE);
  }
  if (claimed !== 1) {
    // Tries used up but no lock yet (attempts still being checked, or a process died between claim and verdict):
    // lock now, so the refusal ends after LOCK_MINUTES instead of never.
    await lockIfExhausted(db, Number(row.id), now);
    const lockedUntil = toDate(row.locked_until);
    const minutes = lockedUntil && lockedUntil > now ? Math.ceil((lockedUntil.getTime() - now.getTime()) / 60000) : LOCK_MINUTES;
    throw new AppError('RATE_LIMITED', `登录失败次数过多，请 ${minutes} 分钟后再试`);
  }
  if (!(await verifyPassword(input.password, row.password_hash))) {
    // The claim already counted this failure; the attempt that finds the tries used up locks the account.
    await lockIfExhausted(db, Number(row.id), now);
    throw new AppError('UNAUTHENTICATED', BAD_LOGIN_MESSAGE);
  }
  await inAuditedTransaction(db, { adminId: Number(row.id), now }, async (trx) => {
    await trx('admins').where({ id: row.id }).update({ failed_logins: 0, locked_until: null, last_login_at: now, updated_at: now });
    return { result: undefined, audit: { action: 'admin.login', targetType: 'admin', targetId: row.id } };
  });
  const session = await ctx.ports.adminAuth.issue(Number(row.id), now, Number(row.session_version ?? 1));
  return {
    ...session,
    admin: { id: Number(row.id), username: row.username, role: row.role, permissions: permissionsOf(row.role) },
  };
}
