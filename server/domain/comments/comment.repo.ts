import type { Knex } from 'knex';
import { toBool, toIso, toNum } from '../../db/values';
import type { AccessDecision } from '../access/access.policy';
import { findReadableArticle } from '../access/reading';

export const COMMENT_STATUSES = ['pending', 'published', 'rejected', 'deleted'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

/** What a reader sees of an author: never the openid or the users.id. */
export interface CommentUser {
  nickname: string;
  avatar: string;
}

/** API.md Comment, plus `mine` (show a delete button) and, on top-level comments, a reply preview. */
export interface CommentView {
  id: number;
  articleId: number;
  parentId: number | null;
  content: string;
  user: CommentUser;
  likeCount: number;
  liked: boolean;
  pinned: boolean;
  isAuthorReply: boolean;
  status: 'published' | 'pending';
  createdAt: string;
  mine: boolean;
  /** Top-level comments only: up to REPLY_PREVIEW visible replies, author replies first. */
  replies?: CommentView[];
  /** Top-level comments only: all replies this viewer can see. */
  replyCount?: number;
}

export const AUTHOR_DISPLAY: CommentUser = { nickname: '作者', avatar: '' };
/** What WeChat itself shows for a user who has not set a profile. */
const DEFAULT_NICKNAME = '微信用户';

export const COMMENT_COLUMNS = [
  'cm.id',
  'cm.article_id',
  'cm.parent_id',
  'cm.user_id',
  'cm.content',
  'cm.status',
  'cm.pinned',
  'cm.is_author_reply',
  'cm.like_count',
  'cm.created_at',
  'u.nickname',
  'u.avatar',
];

export type CommentRow = Record<string, unknown>;

/** Comments with their author's public profile; author replies have no user row. */
export function commentsQuery(db: Knex | Knex.Transaction): Knex.QueryBuilder {
  return db('comments as cm').leftJoin('users as u', 'u.id', 'cm.user_id');
}

/** Learners see published comments and their own pending ones — nothing else, in every list. */
export function whereVisibleTo(q: Knex.QueryBuilder, viewerId: number | null): Knex.QueryBuilder {
  return q.andWhere((w) => {
    w.where('cm.status', 'published');
    if (viewerId !== null) w.orWhere((x) => x.where('cm.status', 'pending').andWhere('cm.user_id', viewerId));
  });
}

export function toCommentView(row: CommentRow, viewerId: number | null, liked: boolean): CommentView {
  const isAuthorReply = toBool(row.is_author_reply);
  const userId = row.user_id === null || row.user_id === undefined ? null : Number(row.user_id);
  return {
    id: Number(row.id),
    articleId: Number(row.article_id),
    parentId: row.parent_id === null || row.parent_id === undefined ? null : Number(row.parent_id),
    content: String(row.content),
    user: isAuthorReply ? AUTHOR_DISPLAY : { nickname: String(row.nickname ?? '') || DEFAULT_NICKNAME, avatar: String(row.avatar ?? '') },
    likeCount: toNum(row.like_count),
    liked,
    pinned: toBool(row.pinned),
    isAuthorReply,
    status: row.status === 'published' ? 'published' : 'pending',
    createdAt: toIso(row.created_at)!,
    mine: viewerId !== null && userId === viewerId,
  };
}

/** Which of these comments the viewer has liked, in one query. */
export async function likedCommentIds(db: Knex, viewerId: number | null, ids: readonly number[]): Promise<Set<number>> {
  if (viewerId === null || ids.length === 0) return new Set();
  const rows: Array<{ target_id: number }> = await db('likes')
    .select('target_id')
    .where({ user_id: viewerId, target_type: 'comment' })
    .whereIn('target_id', [...new Set(ids)]);
  return new Set(rows.map((r) => Number(r.target_id)));
}

export interface ArticleForViewer {
  id: number;
  columnId: number;
  access: AccessDecision;
}

/**
 * The article as this viewer may see it — the reading rule (access/reading.ts), archived columns
 * included; anything else does not exist for learners (NOT_FOUND).
 */
export async function loadArticleForViewer(db: Knex, articleId: number, viewerId: number | null, now: Date): Promise<ArticleForViewer> {
  const { facts, decision } = await findReadableArticle(db, viewerId, now, articleId);
  return { id: facts.id, columnId: facts.columnId, access: { granted: decision.granted, reason: decision.reason } };
}
