import { progressQueue } from './services/progress-reporter';
import { bindPendingReferral } from './services/growth';

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
  onShow(options?: { query?: Record<string, string | undefined> }) {
    void progressQueue().flush();
    // A share link or poster brought a referral code: bind it (first binding wins on the server).
    void bindPendingReferral(options?.query);
  },
});
