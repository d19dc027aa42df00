/**
 * The learner's WeChat login session (code2Session). The `session_key` signs virtual-payment
 * requests (`signature`), so the server keeps it — in `user_sessions` — and never sends it to the
 * client. Real adapter: `jscode2session` (server/adapters/wechat/code2session.ts); local: a key
 * derived from the code.
 */
export interface WxLoginSession {
  /** Absent from the local adapter, which cannot know it: then the caller's platform openid is used. */
  openid?: string;
  unionid?: string;
  sessionKey: string;
}

export interface WxSession {
  /** Exchanges a `wx.login` code; throws WxSessionRejected for a bad or used code. */
  code2Session(code: string): Promise<WxLoginSession>;
}

export class WxSessionRejected extends Error {
  constructor(
    readonly errcode: number,
    detail: string,
  ) {
    super(detail);
    this.name = 'WxSessionRejected';
  }
}
