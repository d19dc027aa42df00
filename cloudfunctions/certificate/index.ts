import { z } from 'zod';
import { defineFunction } from '../../server/runtime/define-function';
import { cloudHost } from '../../server/platform/cloud-host';
import { action, learner } from '../../server/runtime/action';
import { Id } from '../../server/runtime/schemas';
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
  },
  { cloud: cloudHost },
);
