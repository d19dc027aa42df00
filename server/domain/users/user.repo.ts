import type { Knex } from 'knex';
import { changedRowsOf } from '../../db/compiled-statement';
import { inTransaction } from '../../db/transactions';
import { countNewUser } from '../reporting/daily-metrics.repo';
import { EMPTY_GRANTS_DIGEST } from '../entitlements/grants-digest';

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
  // Run as raw to learn whether THIS call inserted the row (knex's insert answers an id, not the
  // rows changed): only the inserting call counts the new learner for the dashboard.
  const insert = db('users')
    // No entitlements yet, and none can start without a writer recomputing it: an empty grants
    // digest that holds from the beginning of time (entitlements/grants-digest.ts).
    .insert({ openid, nickname: '', avatar: '', created_at: now, updated_at: now, ...EMPTY_GRANTS_DIGEST })
    .onConflict('openid')
    .ignore()
    .toSQL()
    .toNative();
  await inTransaction(db, async (trx) => {
    if (changedRowsOf(trx, await trx.raw(insert.sql, insert.bindings)) === 1) await countNewUser(trx, now);
  });
  const created = await findUserIdByOpenid(db, openid);
  if (created === null) throw new Error('user row missing after insert');
  return created;
}
