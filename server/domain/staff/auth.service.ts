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

export async function login(
  ctx: Pick<ServiceContext, 'db' | 'now' | 'ports'>,
  input: { username: string; password: string },
): Promise<LoginResult> {
  const { db, now } = ctx;
  const row = await db('admins').where({ username: input.username }).first();
  if (!row || row.status !== 'active') {
    await verifyPassword(input.password, DUMMY_HASH);
    throw new AppError('UNAUTHENTICATED', BAD_LOGIN_MESSAGE);
  }
  const lockedUntil = toDate(row.locked_until);
  if (lockedUntil && lockedUntil > now) {
    const minutes = Math.ceil((lockedUntil.getTime() - now.getTime()) / 60000);
    throw new AppError('RATE_LIMITED', `登录失败次数过多，请 ${minutes} 分钟后再试`);
  }
  if (!(await verifyPassword(input.password, row.password_hash))) {
    // Counted in SQL, not read-modify-write, so parallel guesses cannot undercount.
    await db('admins').where({ id: row.id }).increment('failed_logins', 1).update({ updated_at: now });
    const after = await db('admins').where({ id: row.id }).first('failed_logins');
    if (Number(after?.failed_logins) >= MAX_FAILED_LOGINS) {
      await inAuditedTransaction(db, { adminId: null, now }, async (trx) => {
        await trx('admins')
          .where({ id: row.id })
          .update({ locked_until: new Date(now.getTime() + LOCK_MINUTES * 60000), failed_logins: 0, updated_at: now });
        return {
          result: undefined,
          audit: { action: 'admin.locked', targetType: 'admin', targetId: row.id, after: { lockMinutes: LOCK_MINUTES } },
        };
      });
    }
    throw new AppError('UNAUTHENTICATED', BAD_LOGIN_MESSAGE);
  }
  await inAuditedTransaction(db, { adminId: Number(row.id), now }, async (trx) => {
    await trx('admins').where({ id: row.id }).update({ failed_logins: 0, locked_until: null, last_login_at: now, updated_at: now });
    return { result: undefined, audit: { action: 'admin.login', targetType: 'admin', targetId: row.id } };
  });
  const session = await ctx.ports.adminAuth.issue(Number(row.id), now);
  return {
    ...session,
    admin: { id: Number(row.id), username: row.username, role: row.role, permissions: permissionsOf(row.role) },
  };
}
