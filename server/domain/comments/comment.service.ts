import type { Knex } from 'knex';
import type { ServiceContext } from '../../runtime/service-context';

/** What a learner-side comment call needs from the runtime's per-call context. */
type LearnerCtx = Pick<ServiceContext, 'db' | 'now' | 'log' | 'actor' | 'ports'>;
import { AppError, notFound } from '../../runtime/errors';
import { decodeCursor, encodeCursor } from '../../runtime/cursor';
import { toDate, toNum } from '../../db/values';
import { inTransaction } from '../../db/transactions';
import { checkText, type TextCheck } from '../moderation/moderate-text';
import {
  COMMENT_COLUMNS,
  commentsQuery,
  likedCommentIds,
  loadArticleForViewer,
  toCommentView,
  whereVisibleTo,
  type CommentRow,
  type CommentStatus,
  type CommentView,
} from './comment.repo';
import { cursorNumbers } from '../../db/keyset';

/** Per learner: at most RATE_LIMIT_COUNT comments (of any outcome) in any RATE_LIMIT_WINDOW_MS. */
export const RATE_LIMIT_COUNT = 5;
export const RATE_LIMIT_WINDOW_MS = 60_000;
/** Replies shown under each top-level comment in `list`; the rest come from `replies`. */
export const REPLY_PREVIEW = 3;

export type CommentSort = 'newest' | 'hot';

const STATUS_BY_CHECK: Record<TextCheck, CommentStatus> = {
  pass: 'published',
  review: 'pending',
  // Unchecked text is never published: it waits for a human like `review`.
  error: 'pending',
  // Kept (never shown to learners) so the CMS can see attempts and the rate limit counts them.
  risky: 'rejected',
};

// ---------------------------------------------------------------------------------------------
// list / replies

const SORT_TAG: Record<CommentSort, string> = { newest: 'n', hot: 'h' };

/** [pinned, key, id] of the last row of the previous page, checked before any query runs. */
function listCursor(cursor: string | undefined, sort: CommentSort): number[] | null {
  const key = decodeCursor(cursor, 4);
  if (!key) return null;
  if (key[0] !== SORT_TAG[sort])
    throw new AppError('INVALID_INPUT', '分页参数无效', [{ field: 'cursor', message: '游标与排序方式不一致' }]);
  return cursorNumbers(key.slice(1));
}

/**
 * Top-level comments, pinned first, then newest or most liked. The cursor carries the sort it was
 * made for, so a cursor from one order is refused in the other rather than skipping rows.
 * `hot` pages on a live like_count: a comment liked between two page loads may move across the
 * page boundary (shown twice or not at all) — the usual trade-off of keyset paging on counts.
 */
export async function listComments(
  ctx: LearnerCtx,
  input: { articleId: number; sort: CommentSort; cursor?: string; limit: number },
): Promise<{ items: CommentView[]; nextCursor: string | null }> {
  const { db } = ctx;
  const after = listCursor(input.cursor, input.sort);
  const viewerId = await ctx.actor.viewerId();
  await loadArticleForViewer(db, input.articleId, viewerId, ctx.now);

  const keyColumn = input.sort === 'hot' ? 'cm.like_count' : 'cm.created_at';
  const q = whereVisibleTo(commentsQuery(db).select(...COMMENT_COLUMNS), viewerId)
    .where('cm.article_id', input.articleId)
    .whereNull('cm.parent_id');
  if (after) {
    const [pinned, keyNumber, id] = after;
    const key = input.sort === 'hot' ? keyNumber : new Date(keyNumber);
    const afterKey = (w: Knex.QueryBuilder) =>
      w.where(keyColumn, '<', key).orWhere((x) => x.where(keyColumn, key).andWhere('cm.id', '<', id));
    // pinned is 0/1, so "after (pinned, key, id)" is spelled per pinned value: each branch is a
    // range on the (article_id, parent_id, pinned, key) index instead of a filter over the thread.
    if (pinned === 1) q.andWhere((w) => w.where((x) => x.where('cm.pinned', 1).andWhere(afterKey)).orWhere('cm.pinned', 0));
    else q.andWhere('cm.pinned', 0).andWhere(afterKey);
  }
  const rows: CommentRow[] = await q
    .orderBy([
      { column: 'cm.pinned', order: 'desc' },
      { column: keyColumn, order: 'desc' },
      { column: 'cm.id', order: 'desc' },
    ])
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);

  const replyRows = await replyPreview(
    db,
    viewerId,
    page.map((r) => Number(r.id)),
  );
  const liked = await likedCommentIds(
    db,
    viewerId,
    [...page, ...replyRows].map((r) => Number(r.id)),
  );
  const items = page.map((row) => {
    const replies = replyRows.filter((r) => Number(r.parent_id) === Number(row.id));
    return {
      ...toCommentView(row, viewerId, liked.has(Number(row.id))),
      replies: replies.map((r) => toCommentView(r, viewerId, liked.has(Number(r.id)))),
      replyCount: replies.length ? toNum(replies[0].reply_count) : 0,
    };
  });
  const last = page[page.length - 1];
  const lastKey = last && (input.sort === 'hot' ? toNum(last.like_count) : toDate(last.created_at)!.getTime());
  return {
    items,
    nextCursor:
      rows.length > input.limit && last
        ? encodeCursor([SORT_TAG[input.sort], Number(last.pinned) ? 1 : 0, lastKey!, Number(last.id)])
        : null,
  };
}

/**
 * The first REPLY_PREVIEW visible replies of each parent (author replies first, then oldest) and
 * each parent's visible reply count, in one query: ROW_NUMBER/COUNT OVER are standard SQL on
 * MySQL 8, MariaDB ≥ 10.2 and SQLite ≥ 3.25.
 */
async function replyPreview(db: Knex, viewerId: number | null, parentIds: number[]): Promise<CommentRow[]> {
  if (parentIds.length === 0) return [];
  const inner = whereVisibleTo(
    commentsQuery(db).select(
      ...COMMENT_COLUMNS,
      db.raw('ROW_NUMBER() OVER (PARTITION BY cm.parent_id ORDER BY cm.is_author_reply DESC, cm.created_at ASC, cm.id ASC) AS rn'),
      db.raw('COUNT(*) OVER (PARTITION BY cm.parent_id) AS reply_count'),
    ),
    viewerId,
  ).whereIn('cm.parent_id', parentIds);
  return db
    .select('*')
    .from(inner.as('r'))
    .where('r.rn', '<=', REPLY_PREVIEW)
    .orderBy([{ column: 'r.parent_id' }, { column: 'r.rn' }]);
}

/** Every visible reply of one visible top-level comment, oldest first. */
export async function listReplies(
  ctx: LearnerCtx,
  input: { commentId: number; cursor?: string; limit: number },
): Promise<{ items: CommentView[]; nextCursor: string | null }> {
  const { db } = ctx;
  const decoded = decodeCursor(input.cursor, 2);
  const after = decoded && cursorNumbers(decoded);
  const viewerId = await ctx.actor.viewerId();
  const parent = await whereVisibleTo(commentsQuery(db).select('cm.article_id', 'cm.parent_id'), viewerId)
    .where('cm.id', input.commentId)
    .first();
  if (!parent || parent.parent_id !== null) throw notFound('评论不存在或已删除');
  await loadArticleForViewer(db, Number(parent.article_id), viewerId, ctx.now);

  const q = whereVisibleTo(commentsQuery(db).select(...COMMENT_COLUMNS), viewerId).where('cm.parent_id', input.commentId);
  if (after) {
    const [atMs, id] = after;
    const at = new Date(atMs);
    q.andWhere((w) => w.where('cm.created_at', '>', at).orWhere((x) => x.where('cm.created_at', at).andWhere('cm.id', '>', id)));
  }
  const rows: CommentRow[] = await q.orderBy([{ column: 'cm.created_at' }, { column: 'cm.id' }]).limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const liked = await likedCommentIds(
    db,
    viewerId,
    page.map((r) => Number(r.id)),
  );
  const last = page[page.length - 1];
  return {
    items: page.map((r) => toCommentView(r, viewerId, liked.has(Number(r.id)))),
    nextCursor: rows.length > input.limit && last ? encodeCursor([toDate(last.created_at)!.getTime(), Number(last.id)]) : null,
  };
}

// ---------------------------------------------------------------------------------------------
// create

/** A reply's parent: a published top-level comment of the same article. */
async function assertReplyParent(db: Knex, articleId: number, parentId: number): Promise<void> {
  const parent = await db('comments').where({ id: parentId }).first('article_id', 'parent_id', 'status');
  const problem =
    !parent || Number(parent.article_id) !== articleId || parent.status !== 'published'
      ? '要回复的评论不存在'
      : parent.parent_id !== null
        ? '只能回复一级评论'
        : null;
  if (problem) throw new AppError('INVALID_INPUT', problem, [{ field: 'parentId', message: problem }]);
}

async function recentCommentCount(db: Knex | Knex.Transaction, userId: number, now: Date): Promise<number> {
  // Served by the (user_id, created_at) index; rejected and deleted attempts count too.
  const row = await db('comments')
    .where('user_id', userId)
    .andWhere('created_at', '>', new Date(now.getTime() - RATE_LIMIT_WINDOW_MS))
    .count('* as n')
    .first();
  return toNum(row?.n);
}

const rateLimited = () => new AppError('RATE_LIMITED', `评论太频繁了，每分钟最多 ${RATE_LIMIT_COUNT} 条，请稍后再试`);

/**
 * A learner's comment or reply. Order matters: everything that can refuse cheaply runs before
 * the moderation call, and the moderation call (a network round trip) runs outside the
 * transaction, whose user-row lock makes the rate limit exact under concurrent posts.
 */
export async function createComment(
  ctx: LearnerCtx,
  input: { articleId: number; content: string; parentId?: number | null },
): Promise<CommentView> {
  const { db } = ctx;
  const article = await loadArticleForViewer(db, input.articleId, await ctx.actor.viewerId(), ctx.now);
  if (!article.access.granted) throw new AppError('FORBIDDEN', '购买后才能参与评论');
  const parentId = input.parentId ?? null;
  if (parentId !== null) await assertReplyParent(db, input.articleId, parentId);

  const userId = await ctx.actor.learnerId();
  if ((await recentCommentCount(db, userId, ctx.now)) >= RATE_LIMIT_COUNT) throw rateLimited();

  const verdict = await checkText(
    { moderation: ctx.ports.moderation, log: ctx.log },
    { content: input.content, openid: ctx.actor.openid!, scene: 2 },
  );
  const id = await inTransaction(db, async (trx) => {
    // Serialises one learner's posts so the count below cannot be raced past the limit.
    await trx('users').where('id', userId).forUpdate().first('id');
    if ((await recentCommentCount(trx, userId, ctx.now)) >= RATE_LIMIT_COUNT) throw rateLimited();
    const [inserted] = await trx('comments').insert({
      article_id: input.articleId,
      user_id: userId,
      admin_id: null,
      parent_id: parentId,
      content: input.content,
      status: STATUS_BY_CHECK[verdict],
      moderation: verdict,
      pinned: false,
      is_author_reply: false,
      like_count: 0,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    return Number(inserted);
  });
  if (verdict === 'risky') throw new AppError('CONTENT_REJECTED');

  const row = await commentsQuery(db)
    .select(...COMMENT_COLUMNS)
    .where('cm.id', id)
    .first();
  return { ...toCommentView(row, userId, false), ...(parentId === null ? { replies: [], replyCount: 0 } : {}) };
}

// ---------------------------------------------------------------------------------------------
// delete / like

/** The author's soft delete: the row stays (likes, replies, audit), learners stop seeing it. */
export async function deleteOwnComment(ctx: LearnerCtx, input: { commentId: number }): Promise<{ deleted: true }> {
  const { db } = ctx;
  const viewerId = await ctx.actor.viewerId();
  const row = await db('comments').where('id', input.commentId).whereIn('status', ['published', 'pending']).first('user_id', 'status');
  if (!row) throw notFound('评论不存在或已删除');
  if (viewerId === null || Number(row.user_id) !== viewerId) throw new AppError('FORBIDDEN', '只能删除自己的评论');
  const changed = await db('comments')
    .where({ id: input.commentId, status: row.status })
    .update({ status: 'deleted', updated_at: ctx.now });
  if (!changed) throw notFound('评论不存在或已删除');
  return { deleted: true };
}

/**
 * Idempotent like/unlike with an exact count. The comment row is locked first, so every
 * like/unlike of one comment runs one at a time; the likes primary key says whether this
 * learner's like exists, and the count moves only when that row was really added or removed.
 */
export async function likeComment(
  ctx: LearnerCtx,
  input: { commentId: number; liked: boolean },
): Promise<{ likeCount: number; liked: boolean }> {
  const { db } = ctx;
  const target = await db('comments').where({ id: input.commentId, status: 'published' }).first('article_id');
  if (!target) throw notFound('评论不存在或已删除');
  await loadArticleForViewer(db, Number(target.article_id), await ctx.actor.viewerId(), ctx.now);
  const userId = await ctx.actor.learnerId();

  return inTransaction(db, async (trx) => {
    const comment = await trx('comments').where({ id: input.commentId, status: 'published' }).forUpdate().first('like_count');
    if (!comment) throw notFound('评论不存在或已删除');
    const key = { user_id: userId, target_type: 'comment', target_id: input.commentId };
    const exists = !!(await trx('likes').where(key).first('user_id'));
    if (input.liked && !exists) {
      await trx('likes').insert({ ...key, created_at: ctx.now });
      await trx('comments').where('id', input.commentId).increment('like_count', 1);
    } else if (!input.liked && exists) {
      const removed = await trx('likes').where(key).del();
      if (removed) await trx('comments').where('id', input.commentId).where('like_count', '>', 0).decrement('like_count', 1);
    }
    const after = await trx('comments').where('id', input.commentId).first('like_count');
    return { likeCount: toNum(after?.like_count), liked: input.liked };
  });
}
