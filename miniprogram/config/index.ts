/**
 * Where the mini program sends its calls.
 *
 * - `local`: `wx.request` POST `${gatewayUrl}/fn/<name>` against `npm start`, with the dev
 *   openid in `x-wx-openid` — the whole product runs in WeChat DevTools without a cloud env
 *   (tick “不校验合法域名” in DevTools' local settings).
 * - `cloud`: `wx.cloud.callFunction` in the CloudBase environment `cloudEnv`.
 *
 * `npm run mp:upload` refuses to ship a build still in `local` mode.
 */
export type BackendMode = 'local' | 'cloud';

export interface AppConfig {
  mode: BackendMode;
  /** Local gateway (npm start). */
  gatewayUrl: string;
  /** The learner identity the local gateway trusts; each value is a separate demo learner. */
  devOpenid: string;
  /** CloudBase environment id for `cloud` mode (empty = the DevTools-selected default env). */
  cloudEnv: string;
}

export const config: AppConfig = {
  mode: 'local',
  gatewayUrl: 'http://127.0.0.1:3000',
  devOpenid: 'demo-learner',
  cloudEnv: '',
};

/** Tests and DevTools experiments switch backends here instead of editing the constant. */
export function setConfig(patch: Partial<AppConfig>): void {
  Object.assign(config, patch);
}
