import { call } from './api';

/** Pinned first, then newest or most liked (comment.list `sort`). */
export type CommentSort = 'newest' | 'hot';

export const list = (articleId: number, cursor?: string, sort: CommentSort = 'newest') =>
  call('comment', 'list', cursor ? { articleId, sort, cursor } : { articleId, sort });
/** Every reply of one top-level comment, oldest first ("共 N 条回复"). */
export const replies = (commentId: number, cursor?: string) => call('comment', 'replies', cursor ? { commentId, cursor } : { commentId });
export const create = (articleId: number, content: string, parentId?: number) =>
  call('comment', 'create', parentId ? { articleId, content, parentId } : { articleId, content });
export const remove = (commentId: number) => call('comment', 'delete', { commentId });
export const like = (commentId: number, liked: boolean) => call('comment', 'like', { commentId, liked });
