import type { Knex } from 'knex';
import { rowOr404 } from '../../db/rows';
import type { AdminIdentity } from '../../ports/identity';
import { hashPassword } from './password';
import type { AdminRole } from './roles.policy';

/**
 * Creates the first owner account when there is no admin at all. Returns whether it did, so the
 * emulator can print the login it made.
 */
export async function ensureFirstOwner(db: Knex, username: string, password: string, now: Date): Promise<boolean> {
  const existing = await db('admins').count('* as n').first();
  if (Number(existing?.n ?? 0) > 0) return false;
  await db('admins').insert({
    username,
    password_hash: await hashPassword(password),
    role: 'owner' satisfies AdminRole,
    status: 'active',
    failed_logins: 0,
    created_at: now,
    updated_at: now,
  });
  return true;
}

/** The account behind a CMS session, or null when it is gone or disabled (the Identity port's answer). */
export async function findActiveAdmin(db: Knex, adminId: number): Promise<AdminIdentity | null> {
  const row = await db('admins').where({ id: adminId }).first('id', 'username', 'role', 'status');
  if (!row || row.status !== 'active') return null;
  return { id: Number(row.id), username: row.username, role: row.role };
}

export const staffOr404 = (db: Knex | Knex.Transaction, id: number) => rowOr404(db, 'admins', id, '账号不存在');
