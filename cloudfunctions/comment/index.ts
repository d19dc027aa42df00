import { z } from 'zod';
import { defineFunction } from '../../server/runtime/define-function';
import { cloudHost } from '../../server/platform/cloud-host';
import { action, anyone, learner } from '../../server/runtime/action';
import { Cursor, Id, Limit } from '../../server/runtime/schemas';
import * as comments from '../../server/domain/comments';
import { cloudModeration } from '../../server/platform/ports/moderation.cloud';

export const main = defineFunction(
  'comment',
  {
    list: action({
      summary: '文章评论（置顶优先，最新或最热；每条带最多 3 条回复预览与回复总数）',
      audience: anyone,
      input: z.strictObject({
        articleId: Id,
        sort: z.enum(['newest', 'hot']).default('newest'),
        cursor: Cursor.optional(),
        limit: Limit(50, 20),
      }),
      handler: (ctx, input) => comments.listComments(ctx, input),
    }),
    replies: action({
      summary: '某条一级评论下的全部回复（按时间正序）',
      audience: anyone,
      input: z.strictObject({ commentId: Id, cursor: Cursor.optional(), limit: Limit(50, 20) }),
      handler: (ctx, input) => comments.listReplies(ctx, input),
    }),
    create: action({
      summary: '发表评论或回复（需登录；付费文章需已购买；纯文本，去掉控制字符与首尾空白后 1–1000 字；经内容安全审核；每分钟最多 5 条）',
      audience: learner,
      input: z.strictObject({ articleId: Id, content: comments.CommentContent, parentId: Id.nullable().optional() }),
      handler: (ctx, input) => comments.createComment(ctx, input),
    }),
    delete: action({
      summary: '删除自己的评论',
      audience: learner,
      input: z.strictObject({ commentId: Id }),
      handler: (ctx, input) => comments.deleteOwnComment(ctx, input),
    }),
    like: action({
      summary: '点赞 / 取消点赞评论（幂等）',
      audience: learner,
      input: z.strictObject({ commentId: Id, liked: z.boolean() }),
      handler: (ctx, input) => comments.likeComment(ctx, input),
    }),
  },
  { cloudPorts: { moderation: cloudModeration }, cloud: cloudHost },
);
