/**
 * 小程序码 (wxacode.getUnlimited): an image that opens a page of this mini program with a
 * `scene` (≤ 32 visible characters). Cloud: wx-server-sdk's openapi; local: none — there is no
 * mini program to open, so callers get null and show the page and scene as text instead.
 */
export interface MiniProgramCode {
  /** PNG bytes, or null where codes cannot be made (local runs). */
  unlimited(input: { page: string; scene: string }): Promise<Buffer | null>;
}
