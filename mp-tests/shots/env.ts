// Screenshot mode for tests/support/mp.ts (npm components loaded, rpx at 375 px).
process.env.MP_SHOTS = '1';
// TDesign reads app-level globals the platform provides.
Object.assign(globalThis, {
  getApp: () => ({ globalData: {} }),
  getCurrentPages: () => [],
});
export {};
