import { z } from 'zod';
import { defineFunction } from '../../server/runtime/define-function';
import { cloudHost } from '../../server/platform/cloud-host';
import { action, learner } from '../../server/runtime/action';
import { Id, Limit } from '../../server/runtime/schemas';
import * as progress from '../../server/domain/progress/progress.service';
import { wholePercent } from '../../server/domain/progress/completion.policy';

// Fractions from a player or a scroll ratio are accepted and floored (the completion rule's whole percent).
const Percent = z.number().min(0).max(100).transform(wholePercent);
const PositionSec = z
  .number()
  .min(0)
  .max(24 * 3600)
  .transform(Math.floor);

export const main = defineFunction(
  'progress',
  {
    report: action({
      summary: '上报阅读/播放进度（学习时长由服务端计时，不接受客户端时长）',
      audience: learner,
      input: z.strictObject({ articleId: Id, percent: Percent, positionSec: PositionSec.optional() }),
      handler: (ctx, input) => progress.report(ctx, input),
    }),
    get: action({
      summary: '我在某篇文章上的进度',
      audience: learner,
      input: z.strictObject({ articleId: Id }),
      handler: (ctx, input) => progress.get(ctx, input.articleId),
    }),
    column: action({
      summary: '我在某个专栏的完成情况与继续学习的文章',
      audience: learner,
      input: z.strictObject({ columnId: Id }),
      handler: (ctx, input) => progress.column(ctx, input.columnId),
    }),
    recent: action({
      summary: '继续学习：最近阅读的文章（最新在前）',
      audience: learner,
      input: z.strictObject({ limit: Limit(50, 20) }),
      handler: (ctx, input) => progress.recent(ctx, input.limit),
    }),
    stats: action({
      summary: '学习统计：总时长、连续学习天数、最近 N 天每日时长（北京时间）',
      audience: learner,
      input: z.strictObject({ days: z.number().int().min(1).max(365).default(30) }),
      handler: (ctx, input) => progress.stats(ctx, input.days),
    }),
  },
  { cloud: cloudHost },
);
