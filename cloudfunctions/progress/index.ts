import * as z from 'zod/mini';
import { defineFunction } from '../../server/runtime/define-function';
import { cloudHost } from '../../server/platform/cloud-host';
import { action, learner } from '../../server/runtime/action';
import { Id, Limit } from '../../server/runtime/mini-schemas';
import * as progress from '../../server/domain/progress/progress.service';
import { wholePercent } from '../../server/domain/progress/completion.policy';

// Fractions from a player or a scroll ratio are accepted and floored (the completion rule's whole percent).
const Percent = z.pipe(z.number().check(z.minimum(0), z.maximum(100)), z.transform(wholePercent));
const PositionSec = z.pipe(z.number().check(z.minimum(0), z.maximum(24 * 3600)), z.transform(Math.floor));

export const main = defineFunction(
  'progress',
  {
    report: action({
      summary: '上报阅读/播放进度（学习时长由服务端计时，不接受客户端时长）',
      audience: learner,
      input: z.strictObject({ articleId: Id, percent: Percent, positionSec: z.optional(PositionSec) }),
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
      input: z.strictObject({ days: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(365)), 30) }),
      handler: (ctx, input) => progress.stats(ctx, input.days),
    }),
  },
  { cloud: cloudHost },
);
