import { go, routes } from '../../../utils/nav';

/**
 * Local mode only: guidance for the emulator's sandbox cashier. The web-view needs
 * "不校验合法域名、web-view（业务域名）" ticked in DevTools; copying the link always works.
 */
Component({
  data: { orderNo: '', url: '' },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ orderNo: query.orderNo ?? '', url: decodeURIComponent(query.url ?? '') });
    },
    openInWebview() {
      go(routes.webview(this.data.url));
    },
    copyLink() {
      wx.setClipboardData({ data: this.data.url });
    },
    back() {
      wx.navigateBack({ delta: 1 });
    },
  },
});
