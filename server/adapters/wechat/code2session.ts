import { createHash } from 'node:crypto';
import { WxSessionRejected, type WxSession } from '../../ports/wx-session';
import type { XPayTransport } from '../payment/xpay/xpay-api';

/**
 * `GET https://api.weixin.qq.com/sns/jscode2session?appid&secret&js_code&grant_type=authorization_code`
 * → `{ openid, session_key, unionid?, errcode?, errmsg? }`. errcode 40029 (bad code) and 40163
 * (code used) are the learner's: they log in again.
 */
export function jscode2Session(options: {
  appId: string;
  appSecret: string;
  transport?: (url: string) => ReturnType<XPayTransport>;
  origin?: string;
}): WxSession {
  const get = options.transport ?? ((url: string) => fetch(url));
  return {
    async code2Session(code) {
      if (!options.appId || !options.appSecret) throw new Error('WX_APPID and WX_APPSECRET are required for code2Session');
      const qs = new URLSearchParams({ appid: options.appId, secret: options.appSecret, js_code: code, grant_type: 'authorization_code' });
      const reply = await get(`${options.origin ?? 'https://api.weixin.qq.com'}/sns/jscode2session?${qs}`);
      const data = JSON.parse(await reply.text()) as {
        openid?: string;
        session_key?: string;
        unionid?: string;
        errcode?: number;
        errmsg?: string;
      };
      if (data.errcode || !data.openid || !data.session_key) {
        throw new WxSessionRejected(data.errcode ?? -1, `jscode2session: ${data.errcode ?? ''} ${data.errmsg ?? 'no session_key'}`.trim());
      }
      return { openid: data.openid, unionid: data.unionid, sessionKey: data.session_key };
    },
  };
}

/** The emulator's code2Session: any code gives a session key derived from it (24 base64 chars, like WeChat's). */
export function localWxSession(): WxSession {
  return {
    async code2Session(code) {
      if (!code) throw new WxSessionRejected(40029, 'invalid code');
      return { sessionKey: createHash('sha256').update(`local-session:${code}`).digest('base64').slice(0, 24) };
    },
  };
}
