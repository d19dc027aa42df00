import type { Knex } from 'knex';
import { AppError, notFound } from '../../runtime/errors';
import { toBool, toIso, toNum } from '../../db/values';
import type { Deps } from '../../runtime/deps';
import { CommentContent } from './comment.text';
import { checkText } from '../moderation/moderate-text';
import { COMMENT_STATUSES, type CommentStatus } from './comment.repo';
import { pageNewestFirst } from '../../db/keyset';
import { auditActorOf, inAuditedTransaction, type AuditRecord } from '../audit/audited-transaction';
import type { ServiceContext } from '../../runtime/service-context';

/**
 * The creator's side of comments (the admin CMS): the moderation queue, approve/reject, author
 * replies, pin/unpin, delete. Callers (the admin function) have already checked the session and
 * the role; every change here is written to audit_log in the same transaction as the change.
 */
export type CreatorContext = Pick<ServiceContext, 'db' | 'now' | 'actor'>;

export { COMMENT_STATUSES };

export interface CreatorComment {
  id: number;
  articleId: number;
  articleTitle: string;
  parentId: number | null;
  content: string;
  /** The learner who wrote it; null for author replies. */
  user: { id: number; nickname: string; avatar: string } | null;
  adminId: number | null;
  likeCount: number;
  pinned: boolean;
  isAuthorReply: boolean;
  status: CommentStatus;
  /** Why it has its status: pass / review / risky / error (moderation unreachable) / author. */
  moderation: string | null;
  createdAt: string;
  updatedAt: string;
}

const CREATOR_COLUMNS = [
  'cm.id',
  'cm.article_id',
  'a.title as article_title',
  'cm.parent_id',
  'cm.content',
  'cm.user_id',
  'u.nickname',
  'u.avatar',
  'cm.admin_id',
  'cm.like_count',
  'cm.pinned',
  'cm.is_author_reply',
  'cm.status',
  'cm.moderation',
  'cm.created_at',
  'cm.updated_at',
];

function creatorQuery(db: Knex | Knex.Transaction): Knex.QueryBuilder {
  return db('comments as cm')
    .join('articles as a', 'a.id', 'cm.article_id')
    .leftJoin('users as u', 'u.id', 'cm.user_id')
    .select(...CREATOR_COLUMNS);
}

function toCreatorComment(row: Record<string, unknown>): CreatorComment {
  const userId = row.user_id === null || row.user_id === undefined ? null : Number(row.user_id);
  return {
    id: Number(row.id),
    articleId: Number(row.article_id),
    articleTitle: String(row.article_title ?? ''),
    parentId: row.parent_id === null || row.parent_id === undefined ? null : Number(row.parent_id),
    content: String(row.content),
    user: userId === null ? null : { id: userId, nickname: String(row.nickname ?? ''), avatar: String(row.avatar ?? '') },
    adminId: row.admin_id === null || row.admin_id === undefined ? null : Number(row.admin_id),
    likeCount: toNum(row.like_count),
    pinned: toBool(row.pinned),
    isAuthorReply: toBool(row.is_author_reply),
    status: row.status as CommentStatus,
    moderation: row.moderation === null || row.moderation === undefined ? null : String(row.moderation),
    createdAt: toIso(row.created_at)!,
    updatedAt: toIso(row.updated_at)!,
  };
}

async function getCreatorComment(db: Knex | Knex.Transaction, id: number): Promise<CreatorComment> {
  return toCreatorComment(await creatorQuery(db).where('cm.id', id).first());
}

/** Newest first; filter by status (the queue is `pending`) and/or article. */
export async function listForCreator(
  db: Knex,
  input: { status?: CommentStatus; articleId?: number; cursor?: string; limit: number },
): Promise<{ items: CreatorComment[]; nextCursor: string | null }> {
  const q = creatorQuery(db);
  if (input.status) q.where('cm.status', input.status);
  if (input.articleId !== undefined) q.where('cm.article_id', input.articleId);
  const { page, nextCursor } = await pageNewestFirst(q, { at: 'cm.created_at', id: 'cm.id' }, input);
  return { items: page.map(toCreatorComment), nextCursor };
}

/** Counts per status (e.g. the badge on the moderation queue). */
export async function countByStatus(db: Knex, input: { articleId?: number } = {}): Promise<Record<CommentStatus, number>> {
  const q = db('comments').select('status').count('* as n').groupBy('status');
  if (input.articleId !== undefined) q.where('article_id', input.articleId);
  const rows = (await q) as Array<{ status: string; n: unknown }>;
  const counts = Object.fromEntries(COMMENT_STATUSES.map((s) => [s, 0])) as Record<CommentStatus, number>;
  for (const row of rows)
    if ((COMMENT_STATUSES as readonly string[]).includes(row.status)) counts[row.status as CommentStatus] = toNum(row.n);
  return counts;
}

/** The audit record of one change to a comment. */
const commentAudit = (action: string, commentId: number, before: unknown, after: unknown): AuditRecord => ({
  action,
  targetType: 'comment',
  targetId: commentId,
  before,
  after,
});

/** Reads the comment under a row lock, so two staff members acting at once cannot both win. */
async function lockComment(trx: Knex.Transaction, id: number) {
  const row = await trx('comments').where('id', id).forUpdate().first('id', 'article_id', 'parent_id', 'status', 'pinned');
  if (!row) throw notFound('评论不存在');
  return { ...row, pinned: toBool(row.pinned), status: row.status as CommentStatus };
}

/**
 * Approve (`published`) or reject (`rejected`) a comment — from the queue, or to take down a
 * published one / restore a rejected one. A deleted comment stays deleted (CONFLICT). Setting
 * the status it already has changes nothing and writes no audit entry.
 */
export async function moderateComment(
  c: CreatorContext,
  input: { commentId: number; status: 'published' | 'rejected' },
): Promise<CreatorComment> {
  return inAuditedTransaction(c.db, auditActorOf(c), async (trx) => {
    const row = await lockComment(trx, input.commentId);
    if (row.status === 'deleted') throw new AppError('CONFLICT', '评论已删除，不能再审核');
    if (row.status === input.status) return { result: await getCreatorComment(trx, input.commentId), audit: null };
    await trx('comments').where('id', input.commentId).update({ status: input.status, updated_at: c.now });
    return {
      result: await getCreatorComment(trx, input.commentId),
      audit: commentAudit(
        input.status === 'published' ? 'comment.approve' : 'comment.reject',
        input.commentId,
        { status: row.status },
        { status: input.status },
      ),
    };
  });
}

/**
 * An author reply, published at once (creator text is not sent to msgSecCheck: it needs a
 * learner's openid). Replying to a reply answers in that reply's thread, since threads are one
 * level deep.
 */
export async function replyAsAuthor(c: CreatorContext, input: { commentId: number; content: string }): Promise<CreatorComment> {
  const parsed = CommentContent.safeParse(input.content);
  if (!parsed.success) {
    throw new AppError(
      'INVALID_INPUT',
      undefined,
      parsed.error.issues.map((i) => ({ field: 'content', message: i.message })),
    );
  }
  return inAuditedTransaction(c.db, auditActorOf(c), async (trx) => {
    const target = await lockComment(trx, input.commentId);
    const rootId = target.parent_id === null ? Number(target.id) : Number(target.parent_id);
    const root = rootId === Number(target.id) ? target : await lockComment(trx, rootId);
    if (root.status === 'deleted' || root.status === 'rejected' || target.status === 'deleted' || target.status === 'rejected') {
      throw new AppError('CONFLICT', '该评论已删除或未通过审核，不能回复');
    }
    const [id] = await trx('comments').insert({
      article_id: root.article_id,
      user_id: null,
      admin_id: c.actor.admin!.id,
      parent_id: rootId,
      content: parsed.data,
      status: 'published',
      moderation: 'author',
      pinned: false,
      is_author_reply: true,
      like_count: 0,
      created_at: c.now,
      updated_at: c.now,
    });
    return {
      result: await getCreatorComment(trx, Number(id)),
      audit: commentAudit('comment.reply', Number(id), null, {
        id: Number(id),
        parentId: rootId,
        repliedTo: input.commentId,
        content: parsed.data,
      }),
    };
  });
}

/** Pinned comments lead the list. Only a published top-level comment can be pinned. */
export async function setPinned(c: CreatorContext, input: { commentId: number; pinned: boolean }): Promise<CreatorComment> {
  return inAuditedTransaction(c.db, auditActorOf(c), async (trx) => {
    const row = await lockComment(trx, input.commentId);
    if (input.pinned && (row.parent_id !== null || row.status !== 'published')) {
      throw new AppError('CONFLICT', '只能置顶已发布的一级评论');
    }
    if (row.pinned === input.pinned) return { result: await getCreatorComment(trx, input.commentId), audit: null };
    await trx('comments').where('id', input.commentId).update({ pinned: input.pinned, updated_at: c.now });
    return {
      result: await getCreatorComment(trx, input.commentId),
      audit: commentAudit(
        input.pinned ? 'comment.pin' : 'comment.unpin',
        input.commentId,
        { pinned: row.pinned },
        { pinned: input.pinned },
      ),
    };
  });
}

/** Soft delete by staff; the row and its audit trail stay. */
export async function deleteAsCreator(c: CreatorContext, input: { commentId: number }): Promise<{ deleted: true }> {
  return inAuditedTransaction(c.db, auditActorOf(c), async (trx) => {
    const row = await lockComment(trx, input.commentId);
    if (row.status === 'deleted') throw notFound('评论不存在或已删除');
    await trx('comments').where('id', input.commentId).update({ status: 'deleted', updated_at: c.now });
    return {
      result: { deleted: true as const },
      audit: commentAudit('comment.delete', input.commentId, { status: row.status }, { status: 'deleted' }),
    };
  });
}

/** msgSecCheck only knows openids that used the mini program in the last two hours. */
export const RECHECK_WINDOW_MS = 2 * 3600_000;

/**
 * Sends comments left pending by a moderation outage (`moderation = 'error'`) through moderation
 * again — for a timer or a CMS button. `pass` publishes, `risky` rejects, `review` stays pending
 * for a human; another outage leaves the row as it was. Only comments from the last two hours
 * are tried (older ones WeChat would refuse for the openid). Each status change is audited with
 * no admin id: the machine made it.
 */
export async function recheckUnmoderated(
  deps: Pick<Deps, 'db' | 'moderation' | 'log'>,
  input: { now: Date; limit: number },
): Promise<{ checked: number; published: number; rejected: number; review: number }> {
  const rows: Array<{ id: number; content: string; openid: string }> = await deps
    .db('comments as cm')
    .join('users as u', 'u.id', 'cm.user_id')
    .select('cm.id', 'cm.content', 'u.openid')
    .where({ 'cm.status': 'pending', 'cm.moderation': 'error' })
    .andWhere('cm.created_at', '>', new Date(input.now.getTime() - RECHECK_WINDOW_MS))
    .orderBy('cm.id')
    .limit(input.limit);
  const tally = { checked: 0, published: 0, rejected: 0, review: 0 };
  for (const row of rows) {
    const verdict = await checkText(deps, { content: String(row.content), openid: String(row.openid), scene: 2 });
    if (verdict === 'error') continue;
    const status: CommentStatus = verdict === 'pass' ? 'published' : verdict === 'risky' ? 'rejected' : 'pending';
    // The machine made this change: no admin id.
    const changed = await inAuditedTransaction(deps.db, { adminId: null, now: input.now }, async (trx) => {
      // Conditional: a human may have decided meanwhile, and their decision stands.
      const changed = await trx('comments')
        .where({ id: row.id, status: 'pending', moderation: 'error' })
        .update({ status, moderation: verdict, updated_at: input.now });
      return {
        result: changed > 0,
        audit:
          changed && status !== 'pending'
            ? commentAudit('comment.recheck', Number(row.id), { status: 'pending', moderation: 'error' }, { status, moderation: verdict })
            : null,
      };
    });
    if (!changed) continue;
    tally.checked += 1;
    if (status === 'published') tally.published += 1;
    else if (status === 'rejected') tally.rejected += 1;
    else tally.review += 1;
  }
  return tally;
}
