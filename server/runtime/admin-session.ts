import type { Caller } from './caller';
import type { Deps } from './deps';
import { AppError } from './errors';
import type { AdminIdentity } from './service-context';

/**
 * The admin behind a call: the credential the AdminAuth port vouches for, then the account as
 * the Identity port reads it now (so disabling it or changing its role takes effect at once),
 * then its role against the roles the action admits.
 */
export async function resolveAdmin(
  deps: Pick<Deps, 'adminAuth' | 'identity'>,
  caller: Caller,
  now: Date,
  roles: readonly string[],
): Promise<AdminIdentity> {
  const adminId = await deps.adminAuth.identify(caller, now);
  if (adminId === null) throw new AppError('UNAUTHENTICATED', '请先登录管理后台');
  const admin = await deps.identity.findActiveAdmin(adminId);
  if (!admin) throw new AppError('UNAUTHENTICATED', '账号不存在或已停用，请重新登录');
  if (!roles.includes(admin.role)) throw new AppError('FORBIDDEN', '当前角色没有此操作的权限');
  return admin;
}
