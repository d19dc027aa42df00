import { z } from 'zod';
import { defineFunction } from '../../server/runtime/define-function';
import { cloudHost } from '../../server/platform/cloud-host';
import { action, learner, platform } from '../../server/runtime/action';
import { Id } from '../../server/runtime/schemas';
import * as notices from '../../server/domain/notices/notice.service';
import { cloudSubscribeMessage } from '../../server/platform/ports/subscribe-message.cloud';

export const main = defineFunction(
  'notice',
  {
    status: action({
      summary: '专栏上新提醒：订阅消息模板 id 与我剩余的提醒次数',
      audience: learner,
      input: z.strictObject({ columnId: Id }),
      handler: (ctx, input) => notices.noticeStatus(ctx, input.columnId),
    }),
    subscribe: action({
      summary: '记录一次订阅（wx.requestSubscribeMessage 同意后调用）：该专栏下次上新时提醒一次',
      audience: learner,
      input: z.strictObject({ columnId: Id }),
      handler: (ctx, input) => notices.subscribe(ctx, input.columnId),
    }),
    dispatch: action({
      summary: '发送上新提醒（定时触发器，每分钟）：每位订阅者每篇新文章至多一条',
      audience: platform('wx_trigger'),
      input: z.strictObject({}),
      handler: (ctx) => notices.dispatchNotices(ctx),
    }),
  },
  { timerAction: 'dispatch', cloudPorts: { subscribeMessage: cloudSubscribeMessage }, cloud: cloudHost },
);
