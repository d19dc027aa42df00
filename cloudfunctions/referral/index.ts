import { z } from 'zod';
import { defineFunction } from '../../server/runtime/define-function';
import { cloudHost } from '../../server/platform/cloud-host';
import { action, learner } from '../../server/runtime/action';
import * as referral from '../../server/domain/referral/referral.service';
import { cloudMiniCode } from '../../server/platform/ports/mini-code.cloud';

const Code = z
  .string()
  .max(32)
  .transform(referral.normalizeCode)
  .pipe(z.string().regex(/^[0-9A-Z]{4,16}$/, '推广码格式不正确'));

export const main = defineFunction(
  'referral',
  {
    me: action({
      summary: '我的推广码与佣金：待结算（冻结期内）、可结算、已取消',
      audience: learner,
      input: z.strictObject({}),
      handler: (ctx) => referral.referralMe(ctx),
    }),
    bind: action({
      summary: '绑定推广人（以第一次绑定为准；不能绑定自己的推广码）',
      audience: learner,
      input: z.strictObject({ code: Code }),
      handler: (ctx, input) => referral.bindReferral(ctx, input.code),
    }),
    poster: action({
      summary: '推广海报用的小程序码（PNG，data URL；scene 为推广码）',
      audience: learner,
      input: z.strictObject({}),
      handler: (ctx) => referral.referralPoster(ctx),
    }),
  },
  { cloudPorts: { miniCode: cloudMiniCode }, cloud: cloudHost },
);
