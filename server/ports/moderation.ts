/** Text moderation. Cloud: `security.msgSecCheck` v2; local: a word list. */
export type ModerationVerdict = 'pass' | 'review' | 'risky';

export interface ModerationRequest {
  content: string;
  openid: string;
  /** WeChat scenes: 1 profile, 2 comment. */
  scene: 1 | 2;
}

export interface Moderation {
  check(req: ModerationRequest): Promise<ModerationVerdict>;
}
