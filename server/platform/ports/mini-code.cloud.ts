import { createWxacodeMiniCode } from '../../adapters/mini-code/wxacode';
import type { MiniCode } from '../../ports/mini-code';

/** Poster codes from WeChat (`wxacode.getUnlimited`); wx-server-sdk is required on first use. */
export function cloudMiniCode(): MiniCode {
  return createWxacodeMiniCode();
}
