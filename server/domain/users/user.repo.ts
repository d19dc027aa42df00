import type { Knex } from 'knex';

export async function findUserIdByOpenid(db: Knex, openid: string): Promise<number | null> {
  const row = await db('users').where({ openid }).first('id');
  return row ? Number(row.id) : null;
}

/**
 * A learner's row is created on their first call that needs one. Concurrent first calls race on
 * the unique openid; `onConflict().ignore()` lets both succeed and read the same row.
 */
export async function ensureUserId(db: Knex, openid: string, now: Date): Promise<number> {
  const existing = await findUserIdByOpenid(db, openid);
  if (existing !== null) return existing;
  await db('users').insert({ openid, nickname: '', avatar: '', created_at: now, updated_at: now }).onConflict('openid').ignore();
  const created = await findUserIdByOpenid(db, openid);
  if (created === null) throw new Error('user row missing after insert');
  return created;
}
