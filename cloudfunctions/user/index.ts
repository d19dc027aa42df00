import { z } from 'zod';
import { defineFunction } from '../../server/runtime/define-function';
import { cloudHost } from '../../server/platform/cloud-host';
import { action, learner } from '../../server/runtime/action';
import { Cursor, Id, Limit, Text } from '../../server/runtime/schemas';
import * as users from '../../server/domain/users/user.service';
import { cloudModeration } from '../../server/platform/ports/moderation.cloud';

export const main = defineFunction(
  'user',
  {
    me: action({
      summary: '我的资料与会员状态',
      audience: learner,
      input: z.strictObject({}),
      handler: (ctx) => users.me(ctx),
    }),
    updateProfile: action({
      summary: '修改昵称（≤32 字）与头像（必须是已上传的图片文件 ID）',
      audience: learner,
      input: z.strictObject({ nickname: Text(32).optional(), avatar: z.string().max(512).optional() }),
      handler: (ctx, input) =>
        users.updateProfile({ ...ctx, cloudEnvId: ctx.deps.config.cloudEnvId, openid: ctx.caller.openid!, moderation: ctx.deps }, input),
    }),
    purchases: action({
      summary: '已购内容（单篇、专栏、会员），不含已退款',
      audience: learner,
      input: z.strictObject({}),
      handler: (ctx) => users.purchases(ctx),
    }),
    favorite: action({
      summary: '收藏 / 取消收藏文章（幂等）',
      audience: learner,
      input: z.strictObject({ articleId: Id, favorited: z.boolean() }),
      handler: (ctx, input) => users.favorite(ctx, input),
    }),
    favorites: action({
      summary: '我的收藏（游标分页，文章卡片）',
      audience: learner,
      input: z.strictObject({ cursor: Cursor.optional(), limit: Limit(50, 20) }),
      handler: (ctx, input) => users.favorites(ctx, input),
    }),
    likeArticle: action({
      summary: '点赞 / 取消点赞文章（幂等，计数精确）',
      audience: learner,
      input: z.strictObject({ articleId: Id, liked: z.boolean() }),
      handler: (ctx, input) => users.likeArticle(ctx, input),
    }),
  },
  { cloudPorts: { moderation: cloudModeration }, cloud: cloudHost },
);
