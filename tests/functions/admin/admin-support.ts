import type { Harness } from '../../support/harness';
import { hashPassword } from '../../../server/domain/staff/password';
import type { AdminRole } from '../../../server/domain/staff/roles.policy';

export const PASSWORD = 'correct-horse-9';

/** Inserts an admin with the given role and signs in through the real `login` action; returns the bearer token. */
export async function adminToken(h: Harness, username: string, role: AdminRole): Promise<string> {
  const now = h.clock.now();
  const existing = await h.db('admins').where({ username }).first('id');
  if (!existing) {
    await h.db('admins').insert({
      username,
      password_hash: await hashPassword(PASSWORD),
      role,
      status: 'active',
      failed_logins: 0,
      created_at: now,
      updated_at: now,
    });
  }
  const data = await h.ok('admin', 'login', { username, password: PASSWORD });
  return data.token;
}

export async function tableCounts(h: Harness, tables: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = Number((await h.db(t).count('* as n').first())?.n ?? 0);
  return out;
}
