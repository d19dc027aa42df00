import { createWxacode } from '../../adapters/mini-program-code/wxacode';
import type { MiniProgramCode } from '../../ports/mini-program-code';

/** 小程序码 through wx-server-sdk's openapi (required on first use). */
export function cloudMiniProgramCode(): MiniProgramCode {
  return createWxacode();
}
