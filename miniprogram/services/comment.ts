import { call } from './api';
import type { Comment, Page } from './types';

export const list = (articleId: number, cursor?: string) =>
  call<Page<Comment>>('comment', 'list', cursor ? { articleId, cursor } : { articleId });
export const create = (articleId: number, content: string, parentId?: number) =>
  call<Comment>('comment', 'create', parentId ? { articleId, content, parentId } : { articleId, content });
export const remove = (commentId: number) => call<{ deleted: true }>('comment', 'delete', { commentId });
export const like = (commentId: number, liked: boolean) =>
  call<{ likeCount: number; liked: boolean }>('comment', 'like', { commentId, liked });
