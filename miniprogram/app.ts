import { progressQueue } from './services/progress-reporter';

/**
 * The app shell stays tiny: pages load their own data. On start and whenever the network comes
 * back, progress reports buffered offline are flushed.
 */
App({
  onLaunch() {
    void progressQueue().flush();
    if (typeof wx.onNetworkStatusChange === 'function') {
      wx.onNetworkStatusChange((res) => {
        if (res.isConnected) void progressQueue().flush();
      });
    }
  },
  onShow() {
    void progressQueue().flush();
  },
});
