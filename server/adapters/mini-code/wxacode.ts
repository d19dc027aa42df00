import type { MiniCode, MiniCodeRequest } from '../../ports/mini-code';

/** The part of wx-server-sdk used: the openapi proxy answers `{ contentType, buffer, errCode }`. */
export interface WxacodeCloudLike {
  init(options: { env: unknown }): void;
  DYNAMIC_CURRENT_ENV?: unknown;
  openapi: {
    wxacode: {
      getUnlimited(data: {
        scene: string;
        page: string;
        width?: number;
        checkPath?: boolean;
      }): Promise<{ buffer?: Buffer; errCode?: number; errMsg?: string }>;
    };
  };
}

let initialised: WxacodeCloudLike | undefined;
function loadCloud(): WxacodeCloudLike {
  if (!initialised) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cloud = require('wx-server-sdk') as WxacodeCloudLike;
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
    initialised = cloud;
  }
  return initialised;
}

/** `wxacode.getUnlimited` through the cloud openapi (the function's config.json lists the permission). */
export function createWxacodeMiniCode(options: { loadCloud?: () => WxacodeCloudLike } = {}): MiniCode {
  const load = options.loadCloud ?? loadCloud;
  return {
    kind: 'wxacode',
    async getUnlimited(req: MiniCodeRequest): Promise<Buffer> {
      // checkPath false: a page of a version not yet released still gets a code (trial builds).
      const reply = await load().openapi.wxacode.getUnlimited({
        scene: req.scene,
        page: req.page,
        width: req.width ?? 430,
        checkPath: false,
      });
      if (!reply?.buffer || (reply.errCode !== undefined && reply.errCode !== 0)) {
        throw new Error(`wxacode.getUnlimited failed: ${reply?.errCode ?? ''} ${reply?.errMsg ?? ''}`.trim());
      }
      return Buffer.from(reply.buffer);
    },
  };
}
