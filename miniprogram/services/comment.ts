import { call } from './api';

export const list = (articleId: number, cursor?: string) => call('comment', 'list', cursor ? { articleId, cursor } : { articleId });
export const create = (articleId: number, content: string, parentId?: number) =>
  call('comment', 'create', parentId ? { articleId, content, parentId } : { articleId, content });
export const remove = (commentId: number) => call('comment', 'delete', { commentId });
export const like = (commentId: number, liked: boolean) => call('comment', 'like', { commentId, liked });
