import { randomBytes } from 'node:crypto';
import { AppError } from '../../runtime/errors';
import { inTransaction } from '../../db/transactions';
import type { ServiceContext } from '../../runtime/service-context';

/**
 * 注销 (`user.deleteAccount { confirm: '注销' }`): the learner's personal data goes — nickname,
 * avatar, favorites, reading progress and study days, the stored session_key — and the
 * openid is replaced by a tombstone, so a later sign-in with the same WeChat account starts a new,
 * empty account. Orders, refunds and payment events stay for accounting, attached to the
 * anonymous row (their openid detached). Comments and likes stay (their counts stay exact), shown without a name.
 */
export async function deleteAccount(
  ctx: Pick<ServiceContext, 'db' | 'now' | 'actor'>,
  input: { confirm: string },
): Promise<{ deleted: true }> {
  if (input.confirm !== '注销') throw new AppError('INVALID_INPUT', '请输入“注销”确认删除账号');
  const userId = await ctx.actor.viewerId();
  if (userId === null) return { deleted: true }; // nothing was ever stored for this openid
  await inTransaction(ctx.db, async (trx) => {
    for (const table of ['user_sessions', 'favorites', 'reading_progress', 'learning_daily']) {
      await trx(table).where('user_id', userId).delete();
    }
    await trx('users')
      .where('id', userId)
      .update({
        openid: `deleted_${userId}_${randomBytes(8).toString('hex')}`,
        nickname: '',
        avatar: '',
        deleted_at: ctx.now,
        updated_at: ctx.now,
      });
  });
  return { deleted: true };
}
