import { createWxacodeMiniCode, type WxacodeCloudLike } from '../../../server/adapters/mini-code/wxacode';
import { createLocalQrMiniCode } from '../../../server/adapters/mini-code/local-qr';

/** 小程序码: what goes to wxacode.getUnlimited, that no image is an error, and the local stand-in. */
describe('MiniCode adapters', () => {
  const cloud = (reply: { buffer?: Buffer; errCode?: number; errMsg?: string }, calls: unknown[]): WxacodeCloudLike => ({
    init: () => undefined,
    openapi: { wxacode: { getUnlimited: async (data) => (calls.push(data), reply) } },
  });

  it('asks wxacode.getUnlimited for the page with the scene and returns the PNG', async () => {
    const calls: unknown[] = [];
    const code = createWxacodeMiniCode({ loadCloud: () => cloud({ buffer: Buffer.from('PNG'), errCode: 0 }, calls) });
    const png = await code.getUnlimited({ page: 'pages/my/verify/index', scene: 'ZS2026ABC' });
    expect(png.toString()).toBe('PNG');
    expect(calls).toEqual([{ page: 'pages/my/verify/index', scene: 'ZS2026ABC', checkPath: false, width: 430 }]);
  });

  it('a reply without an image, or with an errcode, throws with the code', async () => {
    const code = createWxacodeMiniCode({ loadCloud: () => cloud({ errCode: 41030, errMsg: 'invalid page' }, []) });
    await expect(code.getUnlimited({ page: 'p', scene: 's' })).rejects.toThrow('41030');
  });

  it('locally a real PNG QR image stands in', async () => {
    const png = await createLocalQrMiniCode().getUnlimited({ page: 'pages/my/verify/index', scene: 'ZS2026ABC' });
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });
});
