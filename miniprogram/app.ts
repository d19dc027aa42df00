import { progressQueue } from './services/progress-reporter';
import { login } from './services/user';

/**
 * The app shell stays tiny: pages load their own data. On start and whenever the network comes
 * back, progress reports buffered offline are flushed.
 */
App({
  onLaunch() {
    void progressQueue().flush();
    // A fresh session_key for virtual-payment signatures (kept on the server); a failure is retried at checkout.
    login().catch(() => undefined);
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
