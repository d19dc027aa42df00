import { z } from 'zod';
import { withPromotions } from '../../server/domain/catalog/cards';
import { defineFunction } from '../../server/runtime/define-function';
import { cloudHost } from '../../server/platform/cloud-host';
import { action, anyone } from '../../server/runtime/action';
import { Cursor, Id, Limit, Text } from '../../server/runtime/schemas';
import * as catalog from '../../server/domain/catalog/catalog.service';
import { readClientConfig } from '../../server/domain/settings/client-config';
import { verifyCertificate } from '../../server/domain/certificates/certificate.service';
import { listActivePlans } from '../../server/domain/membership/plan.repo';

export const main = defineFunction(
  'catalog',
  {
    home: action({
      summary: '首页：推荐专栏与最新文章',
      audience: anyone,
      input: z.strictObject({}),
      handler: (ctx) => catalog.home(ctx),
    }),
    columns: action({
      summary: '专栏列表（游标分页）',
      audience: anyone,
      input: z.strictObject({ cursor: Cursor.optional(), limit: Limit(50, 20) }),
      handler: (ctx, input) => catalog.listColumns(ctx, input),
    }),
    column: action({
      summary: '专栏详情：章节与文章卡片、是否已拥有、学习进度',
      audience: anyone,
      input: z.strictObject({ columnId: Id }),
      handler: (ctx, input) => catalog.getColumn(ctx, input.columnId),
    }),
    search: action({
      summary: '按标题搜索专栏与文章',
      audience: anyone,
      input: z.strictObject({ q: Text(32), limit: Limit(30, 10) }),
      handler: (ctx, input) => catalog.search(ctx, input),
    }),
    plans: action({
      summary: '在售的会员方案',
      audience: anyone,
      input: z.strictObject({}),
      handler: async (ctx) => ({ items: await withPromotions(ctx.db, ctx.now, 'membership', await listActivePlans(ctx.db)) }),
    }),
    config: action({
      summary: '小程序启动配置（iOS 购买策略等，创作者在后台修改，无需发版）',
      audience: anyone,
      input: z.strictObject({}),
      handler: async (ctx) => readClientConfig(ctx.deps.db, ctx.deps.log),
    }),
    verifyCertificate: action({
      summary: '公开验证结业证书：证书记录（不含学员身份）及是否已撤销；编号不存在为 NOT_FOUND',
      audience: anyone,
      input: z.strictObject({ certificateNo: z.string().trim().min(1).max(64) }),
      handler: (ctx, input) => verifyCertificate(ctx, input.certificateNo),
    }),
  },
  { cloud: cloudHost },
);
