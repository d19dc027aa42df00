import { z } from 'zod';
import { defineFunction } from '../../server/runtime/define-function';
import { cloudHost } from '../../server/platform/cloud-host';
import { action, anyone, platform } from '../../server/runtime/action';
import { sourceIncludes } from '../../server/runtime/caller';
import type { Envelope } from '../../server/runtime/envelope';
import * as payment from '../../server/domain/payments/payment.service';
import { cloudPayments } from '../../server/platform/ports/payments.cloud';
import { cloudShipping } from '../../server/platform/ports/shipping.cloud';

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

/** Virtual-payment pushes: a failure on our side answers ErrCode ≠ 0 so WeChat pushes again. */
const XPAY_RETRY = { ErrCode: 1, ErrMsg: 'retry later' };

function reply(envelope: Envelope<unknown>, actionName: string): CloudPayAck | HttpReply | string | Record<string, unknown> {
  if (actionName === 'xpay') {
    if (!envelope.ok) {
      // Only a failure on our side asks for the push again; a malformed or forged request is a
      // permanent rejection (like API v3 above), so it is not retried for nothing.
      const status = envelope.error.code === 'FORBIDDEN' ? 401 : envelope.error.code === 'INVALID_INPUT' ? 400 : 500;
      const body = status === 500 ? XPAY_RETRY : { ErrCode: status, ErrMsg: envelope.error.message };
      return { statusCode: status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
    }
    const body = (envelope.data as { reply: string | Record<string, unknown> }).reply;
    return typeof body === 'string'
      ? { statusCode: 200, headers: { 'content-type': body.startsWith('{') ? 'application/json' : 'text/plain; charset=utf-8' }, body }
      : { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  }
  if (actionName === 'xpayEvent') return envelope.ok ? (envelope.data as { reply: Record<string, unknown> }).reply : XPAY_RETRY;
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

/** CloudBase HTTP access: the URL query arrives as queryStringParameters. */
const HttpQuery = z.record(z.string(), z.string()).optional();

/** A message push over HTTP carries the signed timestamp and nonce in its URL (API v3 signs in headers). */
function isXPayHttpPush(event: Record<string, unknown>): boolean {
  const q = event.queryStringParameters as Record<string, unknown> | undefined;
  return typeof event.httpMethod === 'string' && !!q && typeof q.timestamp === 'string' && typeof q.nonce === 'string';
}

/** A push CloudBase routed here is the message itself; a learner's own call (with an openid) never is. */
function isXPayEvent(event: Record<string, unknown>, openid: string | null): boolean {
  return !openid && typeof event.Event === 'string' && (event.Event.startsWith('xpay_') || event.Event === 'wxa_media_check');
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
    xpay: action({
      summary: '小程序虚拟支付消息推送（HTTP 访问；安全模式验签解密，GET 为推送地址校验）',
      audience: anyone,
      input: z.looseObject({
        httpMethod: z.enum(['GET', 'POST']),
        queryStringParameters: HttpQuery,
        body: z
          .string()
          .max(64 * 1024)
          .optional(),
        isBase64Encoded: z.boolean().optional(),
      }),
      handler: async (ctx, event) => {
        const query = event.queryStringParameters ?? {};
        if (event.httpMethod === 'GET') return payment.verifyXPayPushUrl(ctx.deps, query);
        const body = event.body ?? '';
        return payment.handleXPayPush(ctx.deps, ctx.now, {
          via: 'http',
          query,
          body: event.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body,
        });
      },
    }),
    xpayEvent: action({
      summary: '小程序虚拟支付消息推送（云开发推送到云函数；先向 query_order 核实再发货）',
      audience: anyone,
      input: z.looseObject({ Event: z.string().max(64), MsgType: z.string().max(32).optional() }),
      handler: async (ctx, event) => {
        const { $url: _route, ...push } = event as Record<string, unknown>;
        return payment.handleXPayPush(ctx.deps, ctx.now, { via: 'function', event: push });
      },
    }),
  },
  {
    platformRoute: (event, caller) =>
      sourceIncludes(caller, 'wx_paycallback')
        ? 'cloudpay'
        : isXPayHttpPush(event)
          ? 'xpay'
          : typeof event.httpMethod === 'string' && 'headers' in event
            ? 'wechatpay'
            : isXPayEvent(event, caller.openid)
              ? 'xpayEvent'
              : undefined,
    reply,
    cloudPorts: { payments: cloudPayments, shipping: cloudShipping },
    cloud: cloudHost,
  },
);
