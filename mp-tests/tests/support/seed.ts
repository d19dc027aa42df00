import type { Knex } from 'knex';
import { refreshGrantsDigest } from '../../../server/domain/entitlements/grants-digest';

/** Looks up demo-seed rows by title, so tests name what they mean instead of guessing ids. */
export async function articleId(db: Knex, title: string): Promise<number> {
  const row = await db('articles').where('title', title).first('id');
  if (!row) throw new Error(`no demo article titled ${title}`);
  return Number(row.id);
}

export async function columnId(db: Knex, title: string): Promise<number> {
  const row = await db('columns').where('title', title).first('id');
  if (!row) throw new Error(`no demo column titled ${title}`);
  return Number(row.id);
}

/** Gives a learner a column the way an admin grant would (one entitlement row). */
export async function grantColumn(db: Knex, openid: string, column: number): Promise<void> {
  let user = await db('users').where('openid', openid).first('id');
  if (!user) {
    await db('users').insert({ openid, created_at: new Date(), updated_at: new Date() });
    user = await db('users').where('openid', openid).first('id');
  }
  await db('entitlements').insert({
    user_id: user.id,
    scope: 'column',
    item_id: column,
    source: 'grant',
    source_id: `mp-test-${openid}-${column}`,
    starts_at: new Date(0),
    expires_at: null,
    created_at: new Date(),
  });
  // The learner's grants digest, as the entitlements writers keep it.
  await refreshGrantsDigest(db, Number(user.id), new Date());
}
