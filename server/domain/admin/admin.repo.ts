import type { Knex } from 'knex';
import { hashPassword } from './password';

import type { AdminRole } from './roles.policy';
export type { AdminRole };

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
