import { z } from 'zod';
import { defineFunction } from '../../server/runtime/define-function';
import { cloudHost } from '../../server/platform/cloud-host';
import { action, learner } from '../../server/runtime/action';
import { Cursor, Id, Limit, Text } from '../../server/runtime/schemas';
import * as users from '../../server/domain/users/user.service';
import { cloudModeration } from '../../server/platform/ports/moderation.cloud';
import { cloudWxSession } from '../../server/platform/ports/wx-session.cloud';
import { cloudMedia } from '../../server/platform/ports/media.cloud';
import * as session from '../../server/domain/users/session';
import { deleteAccount } from '../../server/domain/users/account';

export const main = defineFunction(
  'user',
  {
    login: action({
      summary: '登录：用 wx.login 的 code 换取会话（session_key 只存服务端，用于虚拟支付签名）',
      audience: learner,
      input: z.strictObject({ code: z.string().min(1).max(128) }),
      handler: (ctx, input) => session.login({ ...ctx, openid: ctx.caller.openid! }, input),
    }),
    deleteAccount: action({
      summary: '注销账号：删除昵称头像、收藏、学习记录与会话，订单保留（与 openid 解绑）；需传 confirm: "注销"',
      audience: learner,
      input: z.strictObject({ confirm: z.string().max(8) }),
      handler: (ctx, input) => deleteAccount(ctx, input),
    }),
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
  { cloudPorts: { moderation: cloudModeration, wxSession: cloudWxSession, media: cloudMedia }, cloud: cloudHost },
);
