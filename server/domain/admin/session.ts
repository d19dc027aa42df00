import type { Deps } from '../../runtime/deps';
import type { Caller } from '../../runtime/caller';
import { AppError } from '../../runtime/errors';
import type { AdminRole } from './admin.repo';
import { can, type AdminPermission } from './roles.policy';

export interface AdminIdentity {
  id: number;
  username: string;
  role: AdminRole;
}

/**
 * The admin behind a call: the credential the AdminAuth port vouches for, then the admins row
 * re-read every time so disabling an account or changing a role takes effect at once.
 */
export async function resolveAdmin(deps: Deps, caller: Caller, now: Date, permission: AdminPermission): Promise<AdminIdentity> {
  const adminId = await deps.adminAuth.identify(caller, now);
  if (adminId === null) throw new AppError('UNAUTHENTICATED', '请先登录管理后台');
  const row = await deps.db('admins').where({ id: adminId }).first('id', 'username', 'role', 'status');
  if (!row || row.status !== 'active') throw new AppError('UNAUTHENTICATED', '账号不存在或已停用，请重新登录');
  const admin: AdminIdentity = { id: Number(row.id), username: row.username, role: row.role };
  if (!can(admin.role, permission)) throw new AppError('FORBIDDEN', '当前角色没有此操作的权限');
  return admin;
}
