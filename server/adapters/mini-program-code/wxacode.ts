import type { MiniProgramCode } from '../../ports/mini-program-code';

/** The part of wx-server-sdk used: `openapi.wxacode.getUnlimited` (openapi permission in config.json). */
export interface WxacodeCloud {
  init(options: { env: unknown }): void;
  DYNAMIC_CURRENT_ENV?: unknown;
  openapi: {
    wxacode: {
      getUnlimited(data: {
        scene: string;
        page: string;
        checkPath?: boolean;
        width?: number;
      }): Promise<{ buffer?: Buffer; errCode?: number }>;
    };
  };
}

let initialised: WxacodeCloud | undefined;
function loadWxCloud(): WxacodeCloud {
  if (!initialised) {
    // Required on first use only: wx-server-sdk costs hundreds of milliseconds to load.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cloud = require('wx-server-sdk') as WxacodeCloud;
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
    initialised = cloud;
  }
  return initialised;
}

/** WeChat's unlimited mini program codes; `checkPath: false` so a code works before the page's release is audited. */
export function createWxacode(load: () => WxacodeCloud = loadWxCloud): MiniProgramCode {
  return {
    async unlimited({ page, scene }) {
      const reply = await load().openapi.wxacode.getUnlimited({ scene, page, checkPath: false, width: 280 });
      if (!reply.buffer) throw new Error(`wxacode.getUnlimited answered without an image (errCode ${reply.errCode ?? '?'})`);
      return Buffer.from(reply.buffer);
    },
  };
}

/** Local runs: no mini program to open, so no code. */
export const noMiniProgramCode: MiniProgramCode = { unlimited: async () => null };
