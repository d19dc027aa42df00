import type { XPayTransport } from '../payment/xpay/xpay-api';

/**
 * The mini program's access_token from `POST /cgi-bin/stable_token` (grant_type client_credential):
 * the stable token keeps working while another process refreshes it, so several function instances
 * may each fetch their own. Cached until five minutes before `expires_in`.
 */
export function stableAccessToken(options: {
  appId: string;
  appSecret: string;
  transport?: XPayTransport;
  now?: () => number;
  origin?: string;
}): () => Promise<string> {
  const transport = options.transport ?? fetch;
  const now = options.now ?? Date.now;
  let cached: { token: string; until: number } | undefined;
  return async () => {
    if (cached && cached.until > now()) return cached.token;
    if (!options.appId || !options.appSecret) throw new Error('WX_APPID and WX_APPSECRET are required for the access token');
    const reply = await transport(`${options.origin ?? 'https://api.weixin.qq.com'}/cgi-bin/stable_token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credential', appid: options.appId, secret: options.appSecret }),
    });
    const data = JSON.parse(await reply.text()) as { access_token?: string; expires_in?: number; errcode?: number; errmsg?: string };
    if (!data.access_token) throw new Error(`stable_token: ${data.errcode ?? reply.status} ${data.errmsg ?? ''}`.trim());
    cached = { token: data.access_token, until: now() + Math.max(60, (data.expires_in ?? 7200) - 300) * 1000 };
    return data.access_token;
  };
}
