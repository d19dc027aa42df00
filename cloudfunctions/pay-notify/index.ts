import { z } from 'zod';
import { defineFunction } from '../../server/runtime/define-function';
import { cloudHost } from '../../server/platform/cloud-host';
import { action, anyone, platform } from '../../server/runtime/action';
import { sourceIncludes } from '../../server/runtime/caller';
import type { Envelope } from '../../server/runtime/envelope';
import * as payment from '../../server/domain/payments/payment.service';
import { cloudPayments } from '../../server/platform/ports/payments.cloud';

/** Cloud pay's reply format: anything but errcode 0 makes WeChat call again (for up to two days). */
export interface CloudPayAck {
  errcode: number;
  errmsg: string;
}

/** CloudBase HTTP access reply: API v3 treats 200/204 as received, 4xx/5xx as "send again". */
export interface HttpReply {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

function reply(envelope: Envelope<unknown>, actionName: string): CloudPayAck | HttpReply {
  if (actionName === 'wechatpay') {
    if (envelope.ok) return { statusCode: 204, headers: {}, body: '' };
    const status = envelope.error.code === 'FORBIDDEN' ? 401 : envelope.error.code === 'INVALID_INPUT' ? 400 : 500;
    return {
      statusCode: status,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'FAIL', message: envelope.error.message }),
    };
  }
  return envelope.ok ? { errcode: 0, errmsg: 'OK' } : { errcode: -1, errmsg: `${envelope.error.code}: ${envelope.error.message}` };
}

export const main = defineFunction(
  'pay-notify',
  {
    cloudpay: action({
      summary: '云支付回调（仅平台调用：SOURCE 含 wx_paycallback）',
      audience: platform('wx_paycallback'),
      // The domain parses and judges the event so that even a malformed one is recorded.
      input: z.looseObject({}),
      handler: async (ctx, event) => payment.handleCallback(ctx.deps, ctx.now, event),
    }),
    wechatpay: action({
      summary: '微信支付 API v3 通知（HTTP 访问；来源由原始报文签名证明）',
      audience: anyone,
      input: z.looseObject({
        httpMethod: z.literal('POST'),
        headers: z.record(z.string(), z.string()),
        body: z.string().max(64 * 1024),
        isBase64Encoded: z.boolean().optional(),
      }),
      handler: async (ctx, event) =>
        payment.handleV3Notification(ctx.deps, ctx.now, {
          headers: event.headers,
          body: event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body,
        }),
    }),
  },
  {
    platformRoute: (event, caller) =>
      sourceIncludes(caller, 'wx_paycallback')
        ? 'cloudpay'
        : typeof event.httpMethod === 'string' && 'headers' in event
          ? 'wechatpay'
          : undefined,
    reply,
    cloudPorts: { payments: cloudPayments },
    cloud: cloudHost,
  },
);
