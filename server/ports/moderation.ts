/**
 * Text and image moderation. Cloud: `security.msgSecCheck` v2 and `security.mediaCheckAsync` v2;
 * local: a word list (images: by their file name).
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

/** An image to check (mediaCheckAsync v2, media_type 2): a URL WeChat can download (≤ 10 MB). */
export interface MediaModerationRequest {
  url: string;
  openid: string;
  scene: ModerationScene;
}

/** A verdict now (the local checker), or a trace id whose verdict arrives later as a `wxa_media_check` push. */
export type MediaCheck = { verdict: ModerationVerdict } | { pending: string };

export interface Moderation {
  check(req: ModerationRequest): Promise<ModerationVerdict>;
  /** Images (avatars, covers). Throws like `check` when no verdict or trace id could be had. */
  checkMedia?(req: MediaModerationRequest): Promise<MediaCheck>;
}
