import { jscode2Session } from '../../adapters/wechat/code2session';
import type { WxSession } from '../../ports/wx-session';
import type { AppConfig } from '../config';

/** Cloud code2Session: jscode2session with the mini program's AppID and AppSecret (WX_APPID, WX_APPSECRET). */
export function cloudWxSession(config: AppConfig): WxSession {
  return jscode2Session({ appId: config.wxAppId, appSecret: config.wxAppSecret });
}
