/**
 * Text moderation. Cloud: `security.msgSecCheck` v2; local: a word list.
 * A verdict is WeChat's `result.suggest`: `pass` publishes, `review` waits for a human, `risky`
 * is refused. An adapter that cannot get a verdict (network, quota, an openid WeChat does not
 * know) throws — callers must treat that as "not checked", never as `pass`.
 */
export type ModerationVerdict = 'pass' | 'review' | 'risky';

/** WeChat scenes: 1 profile (nickname), 2 comment. */
export type ModerationScene = 1 | 2;

export interface ModerationRequest {
  content: string;
  openid: string;
  scene: ModerationScene;
}

export interface Moderation {
  check(req: ModerationRequest): Promise<ModerationVerdict>;
}
