import { config } from '../config/index';
import { ApiError, type ServerErrorCode } from './errors';
import type { ActionInput, ActionName, ActionOutput, FunctionName } from './contract.gen';

/**
 * The one API client. Every backend call goes through `call`, which picks the transport from
 * config (cloud function or local gateway), unwraps the API envelope and throws `ApiError`
 * with the envelope's code. Services wrap it per domain; pages never touch wx.cloud/wx.request.
 */
type Envelope<T> = { ok: true; data: T } | { ok: false; error: { code: ServerErrorCode; message: string; details?: unknown } };

function isEnvelope(value: unknown): value is Envelope<unknown> {
  return !!value && typeof value === 'object' && typeof (value as { ok?: unknown }).ok === 'boolean';
}

let cloudReady = false;

function callCloud(name: string, event: Record<string, unknown>): Promise<unknown> {
  if (!cloudReady) {
    wx.cloud.init(config.cloudEnv ? { env: config.cloudEnv, traceUser: true } : { traceUser: true });
    cloudReady = true;
  }
  return new Promise((resolve, reject) => {
    wx.cloud.callFunction({
      name,
      data: event,
      success: (res) => resolve(res.result),
      fail: () => reject(new ApiError('NETWORK')),
    });
  });
}

function callLocal(name: string, event: Record<string, unknown>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    wx.request({
      url: `${config.gatewayUrl}/fn/${encodeURIComponent(name)}`,
      method: 'POST',
      data: event,
      header: { 'content-type': 'application/json', 'x-wx-openid': config.devOpenid },
      timeout: 15000,
      // The gateway answers errors with an envelope and a 4xx/5xx status: read the body either way.
      success: (res) => resolve(res.data),
      fail: () => reject(new ApiError('NETWORK')),
    });
  });
}

/** Actions whose input has no required field may be called without one. */
// `{} extends I` is the type-level test "I has no required key"; `{}` is meant literally here.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type InputArgs<I> = {} extends I ? [input?: I] : [input: I];

/** Typed by the generated contract: the function and action names pick the input and the answer. */
export async function call<F extends FunctionName, A extends ActionName<F>>(
  name: F,
  action: A,
  ...[input]: InputArgs<ActionInput<F, A>>
): Promise<ActionOutput<F, A>> {
  const event = { $url: action, ...(input as object | undefined) };
  const reply = config.mode === 'cloud' ? await callCloud(name, event) : await callLocal(name, event);
  if (!isEnvelope(reply)) throw new ApiError('BAD_RESPONSE');
  if (reply.ok) return reply.data as ActionOutput<F, A>;
  throw new ApiError(reply.error.code, reply.error.message, reply.error.details);
}

/**
 * Covers and other assets may be stored as gateway-relative paths (`/static/...`); in local mode
 * they are served by `npm start`, so they need its origin. Cloud file ids and full URLs pass through.
 */
export function assetUrl(url: string | null | undefined): string {
  if (!url) return '';
  if (url.startsWith('/') && config.mode === 'local') return config.gatewayUrl + url;
  return url;
}
