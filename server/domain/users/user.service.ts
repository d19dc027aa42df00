import type { Knex } from 'knex';
import { toDate, toIso } from '../../db/values';
import { insertIgnore } from '../../db/affected';
import { inTransaction } from '../../db/transactions';
import { AppError } from '../../runtime/errors';
import { decodeCursor, encodeCursor } from '../../runtime/cursor';
import { toEntitlementFacts } from '../entitlements/entitlement.repo';
import { ARTICLE_CARD_COLUMNS, ARTICLE_MEDIA_FLAGS, type ArticleCard } from '../catalog/cards';
import { toLockedCards } from '../catalog/catalog.service';
import { whereArticleReleased, whereColumnListed, whereColumnReadable } from '../catalog/visibility';
import { membershipStatus, type MembershipStatus } from '../membership/membership';
import { isUploadedAvatar } from './profile';
import { moderateText } from '../moderation/moderate-text';
import type { Deps } from '../../runtime/deps';
import type { ItemType } from '../orders/order.model';
import { articleNotFound } from '../access/reading';
import type { ServiceContext } from '../../runtime/service-context';

export interface Learner {
  db: Knex;
  now: Date;
  userId: number;
}

/** The `user` function's actions take the call's service context; the learner's row is created on first use. */
export type UserCtx = Pick<ServiceContext, 'db' | 'now' | 'actor'>;

async function learnerOf(ctx: UserCtx): Promise<Learner> {
  return { db: ctx.db, now: ctx.now, userId: await ctx.actor.learnerId() };
}

export interface Me {
  nickname: string;
  avatar: string;
  membership: MembershipStatus;
}

export async function me(ctx: UserCtx): Promise<Me> {
  const l = await learnerOf(ctx);
  const user = await l.db('users').where('id', l.userId).first('nickname', 'avatar');
  const memberships = await l
    .db('entitlements')
    .select('scope', 'item_id', 'starts_at', 'expires_at', 'revoked_at')
    .where({ user_id: l.userId, scope: 'membership' })
    .whereNull('revoked_at');
  return {
    nickname: String(user?.nickname ?? ''),
    avatar: String(user?.avatar ?? ''),
    membership: membershipStatus(memberships.map(toEntitlementFacts), l.now),
  };
}

export async function updateProfile(
  ctx: UserCtx & { cloudEnvId: string | undefined; openid: string; moderation: Pick<Deps, 'moderation' | 'log'> },
  input: { nickname?: string; avatar?: string },
): Promise<Me> {
  const l = { ...(await learnerOf(ctx)), cloudEnvId: ctx.cloudEnvId, openid: ctx.openid, moderation: ctx.moderation };
  if (input.avatar !== undefined && !isUploadedAvatar(input.avatar, l.cloudEnvId)) {
    throw new AppError('INVALID_INPUT', '头像必须是上传到本应用的图片', [
      { field: 'avatar', message: '请先上传头像图片，再使用返回的文件 ID' },
    ]);
  }
  if (input.nickname !== undefined) {
    // A nickname is shown to everyone next to comments, and there is no "pending" nickname:
    // only text the moderation service cleared (scene 1, profile) is saved.
    const verdict = await moderateText(l.moderation, { content: input.nickname, openid: l.openid, scene: 1 });
    if (verdict === 'review') throw new AppError('CONTENT_REJECTED', '这个昵称需要人工审核，请换一个试试');
    if (verdict === 'error') throw new AppError('MODERATION_UNAVAILABLE');
  }
  const changes: Record<string, unknown> = {};
  if (input.nickname !== undefined) changes.nickname = input.nickname;
  if (input.avatar !== undefined) changes.avatar = input.avatar;
  if (Object.keys(changes).length)
    await l
      .db('users')
      .where('id', l.userId)
      .update({ ...changes, updated_at: l.now });
  return me(ctx);
}

export interface Purchase {
  itemType: ItemType;
  itemId: number;
  title: string;
  source: string;
  active: boolean;
  startsAt: string | null;
  expiresAt: string | null;
}

/** The learner's library: every entitlement not revoked (refunded), newest first. Titles only. */
export async function purchases(ctx: UserCtx): Promise<{ items: Purchase[] }> {
  const l = await learnerOf(ctx);
  const rows: Array<Record<string, unknown>> = await l
    .db('entitlements as e')
    .leftJoin('articles as a', (j) => j.on('e.scope', '=', l.db.raw('?', ['article'])).andOn('a.id', '=', 'e.item_id'))
    .leftJoin('columns as c', (j) => j.on('e.scope', '=', l.db.raw('?', ['column'])).andOn('c.id', '=', 'e.item_id'))
    .leftJoin('membership_plans as p', (j) => j.on('e.scope', '=', l.db.raw('?', ['membership'])).andOn('p.id', '=', 'e.item_id'))
    .select(
      'e.scope',
      'e.item_id',
      'e.source',
      'e.starts_at',
      'e.expires_at',
      'a.title as article_title',
      'c.title as column_title',
      'p.name as plan_name',
    )
    .where('e.user_id', l.userId)
    .whereNull('e.revoked_at')
    .orderBy([
      { column: 'e.created_at', order: 'desc' },
      { column: 'e.id', order: 'desc' },
    ])
    .limit(200);
  return {
    items: rows.map((r) => {
      const expires = toDate(r.expires_at);
      const starts = toDate(r.starts_at);
      return {
        itemType: r.scope as Purchase['itemType'],
        itemId: Number(r.item_id),
        title: String(r.article_title ?? r.column_title ?? r.plan_name ?? ''),
        source: String(r.source),
        active: (starts === null || starts <= l.now) && (expires === null || expires > l.now),
        startsAt: toIso(starts),
        expiresAt: toIso(expires),
      };
    }),
  };
}

/** New favorites and likes only for articles in the shop (released, column published). */
async function assertLikable(db: Knex, articleId: number, now: Date): Promise<void> {
  const row = await whereColumnListed(
    whereArticleReleased(db('articles as a').join('columns as c', 'c.id', 'a.column_id').select('a.id').where('a.id', articleId), now),
  ).first();
  if (!row) throw articleNotFound();
}

export async function favorite(
  ctx: UserCtx,
  input: { articleId: number; favorited: boolean },
): Promise<{ articleId: number; favorited: boolean }> {
  const l = await learnerOf(ctx);
  if (input.favorited) {
    await assertLikable(l.db, input.articleId, l.now);
    await insertIgnore(l.db, 'favorites', { user_id: l.userId, article_id: input.articleId, created_at: l.now }, ['user_id', 'article_id']);
  } else {
    await l.db('favorites').where({ user_id: l.userId, article_id: input.articleId }).del();
  }
  return { articleId: input.articleId, favorited: input.favorited };
}

export async function favorites(
  ctx: UserCtx,
  input: { cursor?: string; limit: number },
): Promise<{ items: Array<{ article: ArticleCard; favoritedAt: string }>; nextCursor: string | null }> {
  const l = await learnerOf(ctx);
  const after = decodeCursor(input.cursor, 2);
  const q = l
    .db('favorites as f')
    .join('articles as a', 'a.id', 'f.article_id')
    .join('columns as c', 'c.id', 'a.column_id')
    .select(...ARTICLE_CARD_COLUMNS, ...ARTICLE_MEDIA_FLAGS.map((x) => l.db.raw(x)), 'f.created_at as favorited_at')
    .where('f.user_id', l.userId);
  whereColumnReadable(whereArticleReleased(q, l.now));
  if (after) {
    const [at, id] = after.map(Number);
    q.andWhere((w) =>
      w.where('f.created_at', '<', new Date(at)).orWhere((x) => x.where('f.created_at', new Date(at)).andWhere('f.article_id', '<', id)),
    );
  }
  const rows: Array<Record<string, unknown>> = await q
    .orderBy([
      { column: 'f.created_at', order: 'desc' },
      { column: 'f.article_id', order: 'desc' },
    ])
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const cards = await toLockedCards({ db: l.db, now: l.now, viewerId: l.userId }, page);
  const last = page[page.length - 1];
  return {
    items: cards.map((article, i) => ({ article, favoritedAt: toIso(page[i].favorited_at)! })),
    nextCursor: rows.length > input.limit && last ? encodeCursor([toDate(last.favorited_at)!.getTime(), Number(last.id)]) : null,
  };
}

/**
 * Idempotent like toggle with an exact count under concurrency: the likes primary key admits one
 * row per (user, article), and the counter moves only when this call actually inserted or
 * deleted that row — both in one transaction, so a crash cannot leave them apart.
 */
export async function likeArticle(
  ctx: UserCtx,
  input: { articleId: number; liked: boolean },
): Promise<{ articleId: number; liked: boolean; likeCount: number }> {
  const l = await learnerOf(ctx);
  if (input.liked) await assertLikable(l.db, input.articleId, l.now);
  const key = { user_id: l.userId, target_type: 'article', target_id: input.articleId };
  await inTransaction(l.db, async (trx) => {
    if (input.liked) {
      if ((await insertIgnore(trx, 'likes', { ...key, created_at: l.now }, ['user_id', 'target_type', 'target_id'])) === 1) {
        await trx('articles').where('id', input.articleId).increment('like_count', 1);
      }
    } else if ((await trx('likes').where(key).del()) === 1) {
      await trx('articles').where('id', input.articleId).where('like_count', '>', 0).decrement('like_count', 1);
    }
  });
  const row = await l.db('articles').where('id', input.articleId).first('like_count');
  return { articleId: input.articleId, liked: input.liked, likeCount: Number(row?.like_count ?? 0) };
}
