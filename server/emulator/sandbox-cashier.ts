import type http from 'node:http';
import type { CloudFunction } from '../runtime/define-function';
import type { Deps } from '../runtime/deps';
import type { Caller } from '../runtime/caller';
import { SandboxGateway } from '../adapters/payment/sandbox.gateway';
import { XPaySandboxGateway } from '../adapters/payment/xpay-sandbox.gateway';
import type { RawPush } from '../ports/payment-gateway';
import { sendJson, type GatewayRoute } from './http-gateway';

const ORDER_NO = '([0-9a-z]{20,32})';

/** The platform's own call: no user, SOURCE=wx_paycallback — exactly what cloud pay sends. */
const PAY_CALLBACK_CALLER: Caller = { openid: null, unionid: null, source: 'wx_paycallback', clientIp: null, adminCredential: null };

/** CloudBase HTTP access: no user, no platform source; a message push proves itself by its signature. */
const HTTP_ACCESS_CALLER: Caller = { openid: null, unionid: null, source: 'wx_http', clientIp: null, adminCredential: null };

/** The event CloudBase HTTP access hands a function for a request (the shape pay-notify's xpay action reads). */
export function httpAccessEvent(push: Extract<RawPush, { via: 'http' }>, method: 'GET' | 'POST' = 'POST') {
  const queryStringParameters: Record<string, string> = {};
  for (const [k, v] of Object.entries(push.query)) if (v !== undefined) queryStringParameters[k] = v;
  return {
    httpMethod: method,
    path: '/pay-notify',
    headers: { 'content-type': 'application/json' },
    queryStringParameters,
    body: push.body,
    isBase64Encoded: false,
  };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const yuan = (fen: number) => (fen / 100).toFixed(2);

function page(res: http.ServerResponse, status: number, title: string, body: string): void {
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>
body{font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f5f5f5;margin:0;padding:32px 16px;color:#222}
.card{max-width:360px;margin:auto;background:#fff;border-radius:12px;padding:24px;box-shadow:0 2px 8px rgba(0,0,0,.06);text-align:center}
.amount{font-size:36px;font-weight:600;margin:16px 0}.muted{color:#888;font-size:13px}
button{width:100%;padding:12px;border:0;border-radius:8px;font-size:16px;margin-top:12px;cursor:pointer}
.pay{background:#07c160;color:#fff}.cancel{background:#eee;color:#333}</style></head>
<body><div class="card">${body}</div></body></html>`;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
  res.end(html);
}

const wantsJson = (req: http.IncomingMessage) =>
  String(req.headers.accept ?? '').includes('application/json') || String(req.headers['content-type'] ?? '').includes('application/json');

/**
 * The local cashier (DESIGN.md): GET shows the trade with 支付 / 取消; POST pays — the sandbox
 * gateway marks the trade paid and the REAL pay-notify function is invoked with the platform's
 * caller and a cloud-pay callback event, so settlement runs the same code as in the cloud.
 */
export function sandboxCashierRoutes(deps: Deps, functions: Map<string, CloudFunction<unknown>>): GatewayRoute[] {
  const sandbox = deps.payments;
  if (sandbox instanceof XPaySandboxGateway) return xpayCashierRoutes(deps, sandbox, functions);
  if (!(sandbox instanceof SandboxGateway)) return [];
  const notify = () => {
    const fn = functions.get('pay-notify');
    if (!fn) throw new Error('pay-notify function is not loaded');
    return fn;
  };

  return [
    {
      method: 'GET',
      pattern: new RegExp(`^/sandbox/pay/${ORDER_NO}/?$`),
      async handle(_req, res, [orderNo]) {
        const trade = await sandbox.trade(orderNo);
        if (!trade) return page(res, 404, '沙箱收银台', '<h2>未找到待支付的交易</h2><p class="muted">请回到小程序重新发起支付。</p>');
        const state = trade.state === 'NOTPAY' ? '' : `<p class="muted">交易状态：${escapeHtml(trade.state)}</p>`;
        page(
          res,
          200,
          '沙箱收银台',
          `<p class="muted">沙箱收银台 · 不会产生真实扣款</p><h3>${escapeHtml(trade.description)}</h3>
<div class="amount">¥${yuan(trade.amountFen)}</div><p class="muted">订单号 ${escapeHtml(orderNo)}</p>${state}
<form method="post" action="/sandbox/pay/${orderNo}"><button class="pay" type="submit">支付</button></form>
<form method="post" action="/sandbox/pay/${orderNo}/cancel"><button class="cancel" type="submit">取消</button></form>`,
        );
      },
    },
    {
      method: 'POST',
      pattern: new RegExp(`^/sandbox/pay/${ORDER_NO}/?$`),
      async handle(req, res, [orderNo]) {
        const event = await sandbox.pay(orderNo);
        if (!event) {
          if (wantsJson(req)) return sendJson(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: '交易不存在或已关闭' } });
          return page(res, 404, '支付失败', '<h2>交易不存在或已关闭</h2><p class="muted">请回到小程序重新发起支付。</p>');
        }
        const ack = (await notify().invoke(event, { deps, caller: PAY_CALLBACK_CALLER })) as { errcode?: number; errmsg?: string };
        const paid = ack?.errcode === 0;
        if (wantsJson(req)) return sendJson(res, paid ? 200 : 502, { ok: paid, notify: ack });
        page(
          res,
          paid ? 200 : 502,
          paid ? '支付成功' : '支付未完成',
          paid
            ? `<h2>支付成功</h2><div class="amount">¥${yuan(event.totalFee)}</div><p class="muted">请回到小程序查看。</p>`
            : `<h2>支付回调未被确认</h2><p class="muted">${escapeHtml(String(ack?.errmsg ?? ''))}</p>`,
        );
      },
    },
    {
      method: 'POST',
      pattern: new RegExp(`^/sandbox/pay/${ORDER_NO}/cancel/?$`),
      // Like closing WeChat's cashier: the trade stays payable until the order expires.
      async handle(req, res, [orderNo]) {
        const known = (await sandbox.trade(orderNo)) !== null;
        if (wantsJson(req)) return sendJson(res, known ? 200 : 404, { ok: known });
        page(res, 200, '已取消', '<h2>已取消支付</h2><p class="muted">订单在有效期内仍可在小程序中重新支付。</p>');
      },
    },
  ];
}

/**
 * The xpay-sandbox cashier (PAY_PROVIDER=xpay-sandbox): the same page, but paying delivers the push
 * 小程序虚拟支付 would send — `xpay_goods_deliver_notify`, safe mode, encrypted and signed with the
 * sandbox Token — to the REAL pay-notify function as a CloudBase HTTP-access request, so it is
 * verified, decrypted and settled by the code that runs in the cloud. `/pay-notify` plays the HTTP
 * access path itself, for pushes sent from outside (a test, curl).
 */
function xpayCashierRoutes(deps: Deps, sandbox: XPaySandboxGateway, functions: Map<string, CloudFunction<unknown>>): GatewayRoute[] {
  const notify = () => {
    const fn = functions.get('pay-notify');
    if (!fn) throw new Error('pay-notify function is not loaded');
    return fn;
  };
  const deliver = async (push: Extract<RawPush, { via: 'http' }>, method: 'GET' | 'POST' = 'POST') =>
    (await notify().invoke(httpAccessEvent(push, method), { deps, caller: HTTP_ACCESS_CALLER })) as {
      statusCode: number;
      headers: Record<string, string>;
      body: string;
    };
  const accepted = (reply: { statusCode: number; body: string }) =>
    reply.statusCode === 200 && (reply.body === 'success' || reply.body === '' || /"ErrCode":0\b/.test(reply.body));

  return [
    {
      method: 'GET',
      pattern: new RegExp(`^/sandbox/pay/${ORDER_NO}/?$`),
      async handle(_req, res, [orderNo]) {
        const trade = await sandbox.trade(orderNo);
        if (!trade) return page(res, 404, '虚拟支付沙箱', '<h2>未找到待支付的交易</h2><p class="muted">请回到小程序重新发起支付。</p>');
        const state = trade.state === 'NOTPAY' ? '' : `<p class="muted">交易状态：${escapeHtml(trade.state)}</p>`;
        page(
          res,
          200,
          '虚拟支付沙箱',
          `<p class="muted">小程序虚拟支付沙箱 · 不会产生真实扣款</p><h3>${escapeHtml(trade.description)}</h3>
<div class="amount">¥${yuan(trade.amountFen)}</div><p class="muted">道具 ${escapeHtml(trade.productId)} · 订单号 ${escapeHtml(orderNo)}</p>${state}
<form method="post" action="/sandbox/pay/${orderNo}"><button class="pay" type="submit">支付</button></form>
<form method="post" action="/sandbox/pay/${orderNo}/cancel"><button class="cancel" type="submit">取消</button></form>`,
        );
      },
    },
    {
      method: 'POST',
      pattern: new RegExp(`^/sandbox/pay/${ORDER_NO}/?$`),
      async handle(req, res, [orderNo]) {
        const push = await sandbox.pay(orderNo);
        if (!push || push.via !== 'http') {
          if (wantsJson(req)) return sendJson(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: '交易不存在或已关闭' } });
          return page(res, 404, '支付失败', '<h2>交易不存在或已关闭</h2><p class="muted">请回到小程序重新发起支付。</p>');
        }
        const reply = await deliver(push);
        const paid = accepted(reply);
        if (wantsJson(req)) return sendJson(res, paid ? 200 : 502, { ok: paid, notify: reply.body });
        const amount = (await sandbox.trade(orderNo))?.amountFen ?? 0;
        page(
          res,
          paid ? 200 : 502,
          paid ? '支付成功' : '支付未完成',
          paid
            ? `<h2>支付成功</h2><div class="amount">¥${yuan(amount)}</div><p class="muted">请回到小程序查看。</p>`
            : `<h2>发货推送未被确认</h2><p class="muted">${escapeHtml(reply.body.slice(0, 200))}</p>`,
        );
      },
    },
    {
      method: 'POST',
      pattern: new RegExp(`^/sandbox/pay/${ORDER_NO}/cancel/?$`),
      async handle(req, res, [orderNo]) {
        const known = (await sandbox.trade(orderNo)) !== null;
        if (wantsJson(req)) return sendJson(res, known ? 200 : 404, { ok: known });
        page(res, 200, '已取消', '<h2>已取消支付</h2><p class="muted">订单在有效期内仍可在小程序中重新支付。</p>');
      },
    },
    {
      // The refund result push for an accepted sandbox refund (WeChat sends it when the task ends).
      method: 'POST',
      pattern: new RegExp(`^/sandbox/refund/${ORDER_NO}/?$`),
      async handle(_req, res, [orderNo]) {
        const push = await sandbox.refundPush(orderNo);
        if (!push || push.via !== 'http')
          return sendJson(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: '没有已受理的退款' } });
        const reply = await deliver(push);
        sendJson(res, accepted(reply) ? 200 : 502, { ok: accepted(reply), notify: reply.body });
      },
    },
    ...(['GET', 'POST'] as const).map((method): GatewayRoute => ({
      method,
      pattern: /^\/pay-notify\/?$/,
      async handle(req, res, _m, body) {
        const url = new URL(req.url ?? '/', 'http://local');
        const query: Record<string, string> = Object.fromEntries(url.searchParams.entries());
        const reply = await deliver({ via: 'http', query, body: body ? body.toString('utf8') : '' }, method);
        res.writeHead(reply.statusCode, reply.headers);
        res.end(reply.body);
      },
    })),
  ];
}
