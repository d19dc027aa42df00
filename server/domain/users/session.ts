import type { Knex } from 'knex';
import { AppError } from '../../runtime/errors';
import type { ServiceContext } from '../../runtime/service-context';
import { WxSessionRejected } from '../../ports/wx-session';

/**
 * `user.login { code }`: the mini program's `wx.login` code is exchanged (code2Session) and the
 * session_key kept in `user_sessions`, one row per learner, replaced on every login. It signs the
 * virtual-payment `signature` at prepay and never leaves the server: the answer says only that the
 * session is stored. Identity comes from the platform: a code that belongs to another openid is
 * refused.
 */
export async function login(
  ctx: Pick<ServiceContext, 'db' | 'now' | 'actor' | 'ports'> & { openid: string },
  input: { code: string },
): Promise<{ loggedIn: true }> {
  let session;
  try {
    session = await ctx.ports.wxSession.code2Session(input.code);
  } catch (err) {
    if (err instanceof WxSessionRejected) throw new AppError('INVALID_INPUT', '登录凭证无效或已使用，请重新登录');
    throw err;
  }
  if (session.openid && session.openid !== ctx.openid) throw new AppError('FORBIDDEN', '登录凭证与当前用户不符');
  const userId = await ctx.actor.learnerId();
  await ctx
    .db('user_sessions')
    .insert({ user_id: userId, session_key: session.sessionKey, updated_at: ctx.now })
    .onConflict('user_id')
    .merge(['session_key', 'updated_at']);
  return { loggedIn: true };
}

/** The learner's current session_key, or null when they never logged in (or their session was ended). */
export async function sessionKeyOf(db: Knex, userId: number): Promise<string | null> {
  const row = await db('user_sessions').where('user_id', userId).first('session_key');
  return row ? String(row.session_key) : null;
}
