/**
 * Mini program codes for posters (WECHAT-FACTS.md): WeChat's `wxacode.getUnlimited` takes a
 * `scene` of at most 32 visible characters — we pass a short token (the referral code), never
 * an openid — and the page the code opens. Locally a plain QR image of the same path stands in.
 */
export interface MiniCodeRequest {
  /** ≤ 32 visible characters. */
  scene: string;
  /** A page of the mini program, without a leading slash, e.g. `pages/index/index`. */
  page: string;
  width?: number;
}

export interface MiniCode {
  readonly kind: 'wxacode' | 'local-qr';
  /** A PNG image. */
  getUnlimited(req: MiniCodeRequest): Promise<Buffer>;
}

export const MINI_CODE_SCENE_MAX = 32;
