import type { Knex } from 'knex';
import { AppError, notFound } from '../../runtime/errors';
import { toIso, toNum } from '../../db/values';
import { hashPassword } from './password';
import type { AdminRole } from './admin.repo';
import { permissionsOf } from './roles.policy';
import type { Ctx } from '../service-context-bridge';
import { writeAudit } from '../audit/audit.repo';

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

async function staffOr404(db: Knex | Knex.Transaction, id: number) {
  const row = await db('admins').where({ id }).first();
  if (!row) throw notFound('账号不存在');
  return row;
}

export async function me(db: Knex, adminId: number) {
  const row = await staffOr404(db, adminId);
  return { admin: view(row), permissions: permissionsOf(row.role) };
}

export async function listStaff(db: Knex) {
  return { items: (await db('admins').orderBy('id')).map(view) };
}

export function createStaff(ctx: Ctx, input: { username: string; password: string; role: AdminRole }) {
  return ctx.db.transaction(async (trx) => {
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
    await writeAudit(trx, { adminId: ctx.admin.id, action: 'staff.create', targetType: 'admin', targetId: after.id, after, now: ctx.now });
    return after;
  });
}

/**
 * Role, status and password changes. The last active owner cannot be demoted or disabled —
 * otherwise nobody could manage staff any more.
 */
export function updateStaff(ctx: Ctx, id: number, input: { role?: AdminRole; status?: 'active' | 'disabled'; password?: string }) {
  return ctx.db.transaction(async (trx) => {
    const row = await staffOr404(trx, id);
    const before = view(row);
    const losesOwner = row.role === 'owner' && row.status === 'active' && ((input.role && input.role !== 'owner') || input.status === 'disabled');
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
    await writeAudit(trx, {
      adminId: ctx.admin.id,
      action: 'staff.update',
      targetType: 'admin',
      targetId: id,
      before,
      after: { ...after, passwordChanged: Boolean(input.password) },
      now: ctx.now,
    });
    return after;
  });
}
