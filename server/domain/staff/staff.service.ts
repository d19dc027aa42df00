import { AppError } from '../../runtime/errors';
import { adminOf, type ServiceContext } from '../../runtime/service-context';
import { toIso, toNum } from '../../db/values';
import { auditActorOf, inAuditedTransaction } from '../audit/audited-transaction';
import { hashPassword } from './password';
import { permissionsOf, type AdminRole } from './roles.policy';
import { staffOr404 } from './staff.repo';

type Row = Record<string, any>;

const view = (r: Row) => ({
  id: Number(r.id),
  username: r.username as string,
  role: r.role as AdminRole,
  status: r.status as 'active' | 'disabled',
  lockedUntil: toIso(r.locked_until),
  lastLoginAt: toIso(r.last_login_at),
  createdAt: toIso(r.created_at),
});

/** The signed-in admin's own account and what their role may do. */
export async function me(ctx: ServiceContext) {
  const row = await staffOr404(ctx.db, adminOf(ctx).id);
  return { admin: view(row), permissions: permissionsOf(row.role) };
}

export async function listStaff(ctx: Pick<ServiceContext, 'db'>) {
  return { items: (await ctx.db('admins').orderBy('id')).map(view) };
}

export function createStaff(ctx: ServiceContext, input: { username: string; password: string; role: AdminRole }) {
  return inAuditedTransaction(ctx.db, auditActorOf(ctx), async (trx) => {
    const taken = await trx('admins').where({ username: input.username }).first('id');
    if (taken) throw new AppError('CONFLICT', '用户名已被使用', [{ field: 'username', message: '用户名已被使用' }]);
    const [id] = await trx('admins').insert({
      username: input.username,
      password_hash: await hashPassword(input.password),
      role: input.role,
      status: 'active',
      failed_logins: 0,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    const after = view(await staffOr404(trx, Number(id)));
    return { result: after, audit: { action: 'staff.create', targetType: 'admin', targetId: after.id, after } };
  });
}

/**
 * Role, status and password changes. The last active owner cannot be demoted or disabled —
 * otherwise nobody could manage staff any more.
 */
export function updateStaff(
  ctx: ServiceContext,
  id: number,
  input: { role?: AdminRole; status?: 'active' | 'disabled'; password?: string },
) {
  return inAuditedTransaction(ctx.db, auditActorOf(ctx), async (trx) => {
    const row = await staffOr404(trx, id);
    const before = view(row);
    const losesOwner =
      row.role === 'owner' && row.status === 'active' && ((input.role && input.role !== 'owner') || input.status === 'disabled');
    if (losesOwner) {
      const owners = await trx('admins').where({ role: 'owner', status: 'active' }).count('* as n').first();
      if (toNum(owners?.n) <= 1) throw new AppError('CONFLICT', '至少需要保留一个启用的所有者账号');
    }
    const patch: Row = { updated_at: ctx.now };
    if (input.role) patch.role = input.role;
    if (input.status) patch.status = input.status;
    if (input.password) {
      patch.password_hash = await hashPassword(input.password);
      patch.failed_logins = 0;
      patch.locked_until = null;
    }
    await trx('admins').where({ id }).update(patch);
    const after = view(await staffOr404(trx, id));
    return {
      result: after,
      audit: {
        action: 'staff.update',
        targetType: 'admin',
        targetId: id,
        before,
        after: { ...after, passwordChanged: Boolean(input.password) },
      },
    };
  });
}
