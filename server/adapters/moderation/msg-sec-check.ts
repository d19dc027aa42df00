import type { Moderation, ModerationRequest, ModerationVerdict } from '../../ports/moderation';

/**
 * The part of wx-server-sdk this adapter uses. `openapi.security.msgSecCheck` goes through the
 * SDK's generic openapi proxy, which sends camelCase keys as snake_case, throws a CloudSDKError
 * when WeChat answers a non-zero `errcode` (40003 openid unknown/not seen in 2 h, -1 busy, …),
 * and otherwise returns the reply camelCased with `errCode: 0`:
 *   { result: { suggest: 'pass'|'review'|'risky', label: 100|20001|… },
 *     detail: [{ strategy, errcode, suggest, label, prob, keyword? }], traceId, errCode: 0, errMsg }
 * v2 never throws for bad content: the verdict is only in `result.suggest`.
 */
export interface WxCloudLike {
  init(options: { env: unknown }): void;
  DYNAMIC_CURRENT_ENV?: unknown;
  openapi: {
    security: {
      msgSecCheck(data: { version: 2; scene: number; openid: string; content: string }): Promise<MsgSecCheckReply>;
    };
  };
}

export interface MsgSecCheckReply {
  errCode?: number;
  errMsg?: string;
  traceId?: string;
  result?: { suggest?: string; label?: number };
  detail?: Array<{ strategy?: string; errcode?: number; suggest?: string; label?: number; prob?: number; keyword?: string }>;
}

/** WeChat's documented text limit; longer text would be refused with an error, not a verdict. */
export const MSG_SEC_CHECK_MAX_CHARS = 2500;

const VERDICTS: readonly ModerationVerdict[] = ['pass', 'review', 'risky'];

let initialised: WxCloudLike | undefined;

/**
 * Required on first use only: wx-server-sdk costs hundreds of milliseconds to load, and the
 * functions that never moderate text should not pay for it.
 */
export function loadWxCloud(): WxCloudLike {
  if (!initialised) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cloud = require('wx-server-sdk') as WxCloudLike;
    // DYNAMIC_CURRENT_ENV: call WeChat as the environment the function runs in.
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
    initialised = cloud;
  }
  return initialised;
}

export class UnexpectedModerationReply extends Error {
  constructor(reply: unknown) {
    super(`msgSecCheck answered without a known result.suggest: ${JSON.stringify(reply).slice(0, 200)}`);
    this.name = 'UnexpectedModerationReply';
  }
}

export function createMsgSecCheckModeration(options: { loadCloud?: () => WxCloudLike } = {}): Moderation {
  const loadCloud = options.loadCloud ?? loadWxCloud;
  return {
    async check(req: ModerationRequest): Promise<ModerationVerdict> {
      // Cutting the text would let its tail through unchecked: refuse instead (the caller's outage path).
      if ([...req.content].length > MSG_SEC_CHECK_MAX_CHARS)
        throw new Error(`msgSecCheck takes at most ${MSG_SEC_CHECK_MAX_CHARS} characters`);
      const reply = await loadCloud().openapi.security.msgSecCheck({
        version: 2,
        scene: req.scene,
        openid: req.openid,
        content: req.content,
      });
      const suggest = reply?.result?.suggest;
      // Anything we cannot read as a verdict is an outage, so the caller keeps the text unpublished.
      if (reply?.errCode !== undefined && reply.errCode !== 0) throw new UnexpectedModerationReply(reply);
      if (!VERDICTS.includes(suggest as ModerationVerdict)) throw new UnexpectedModerationReply(reply);
      return suggest as ModerationVerdict;
    },
  };
}
