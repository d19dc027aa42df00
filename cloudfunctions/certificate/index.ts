import { z } from 'zod';
import { defineFunction } from '../../server/runtime/define-function';
import { cloudHost } from '../../server/platform/cloud-host';
import { action, learner } from '../../server/runtime/action';
import { Id } from '../../server/runtime/schemas';
import { cloudMiniCode } from '../../server/platform/ports/mini-code.cloud';
import * as certificates from '../../server/domain/certificates/certificate.service';

export const main = defineFunction(
  'certificate',
  {
    get: action({
      summary: '领取（或再次查看）专栏结业证书：学完全部文章并通过全部测验后发放，每人每专栏一张',
      audience: learner,
      input: z.strictObject({ columnId: Id }),
      handler: (ctx, input) => certificates.claimCertificate(ctx, input.columnId),
    }),
    status: action({
      summary: '结业进度：已完成文章数、测验通过数、能否领取，以及已发放的证书',
      audience: learner,
      input: z.strictObject({ columnId: Id }),
      handler: (ctx, input) => certificates.certificateStatus(ctx, input.columnId),
    }),
    code: action({
      summary: '证书上的小程序码：打开公开验证页（scene 为证书编号）；本地运行时 image 为 null',
      audience: learner,
      input: z.strictObject({ columnId: Id }),
      handler: (ctx, input) => certificates.certificateCode(ctx, input.columnId),
    }),
  },
  { cloudPorts: { miniCode: cloudMiniCode }, cloud: cloudHost },
);
