import { createWxacode, noMiniProgramCode, type WxacodeCloud } from '../../../server/adapters/mini-program-code/wxacode';

/** 小程序码: what goes to wxacode.getUnlimited, and that no image is an error, not an empty code. */
describe('wxacode.getUnlimited adapter', () => {
  const cloud = (reply: { buffer?: Buffer; errCode?: number }, calls: unknown[]): WxacodeCloud => ({
    init: () => undefined,
    openapi: { wxacode: { getUnlimited: async (data) => (calls.push(data), reply) } },
  });

  it('asks for the page with the scene and returns the PNG', async () => {
    const calls: unknown[] = [];
    const png = await createWxacode(() => cloud({ buffer: Buffer.from('PNG') }, calls)).unlimited({
      page: 'pages/my/verify/index',
      scene: 'ZS2026ABC',
    });
    expect(png?.toString()).toBe('PNG');
    expect(calls).toEqual([{ page: 'pages/my/verify/index', scene: 'ZS2026ABC', checkPath: false, width: 280 }]);
  });

  it('a reply without an image throws', async () => {
    await expect(createWxacode(() => cloud({ errCode: 41030 }, [])).unlimited({ page: 'p', scene: 's' })).rejects.toThrow('41030');
  });

  it('local runs make no code', async () => {
    expect(await noMiniProgramCode.unlimited({ page: 'p', scene: 's' })).toBeNull();
  });
});
