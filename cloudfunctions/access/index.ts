import { z } from 'zod';
import { defineFunction } from '../../server/runtime/define-function';
import { cloudHost } from '../../server/platform/cloud-host';
import { action, anyone } from '../../server/runtime/action';
import { Id } from '../../server/runtime/schemas';
import * as access from '../../server/domain/access/access.service';
import { cloudMedia } from '../../server/platform/ports/media.cloud';

export const main = defineFunction(
  'access',
  {
    article: action({
      summary: '阅读文章：有权限时返回全文与音视频临时链接，否则返回服务端截取的试读部分',
      audience: anyone,
      input: z.strictObject({ articleId: Id }),
      handler: (ctx, input) => access.readArticle(ctx, input.articleId),
    }),
    check: action({
      summary: '批量查询文章是否可读（最多 100 篇）',
      audience: anyone,
      input: z.strictObject({ articleIds: z.array(Id).min(1).max(100) }),
      handler: (ctx, input) => access.checkArticles(ctx, input.articleIds),
    }),
  },
  { cloudPorts: { media: cloudMedia }, cloud: cloudHost },
);
