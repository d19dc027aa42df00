import { TAB_ROUTES } from '../utils/nav';

/**
 * The native tab bar drawn with TDesign's t-tab-bar (app.json tabBar.custom). Each tab page
 * marks its tab on show (utils/page.ts selectTab), because every tab page has its own instance.
 */
export const TABS = [
  { value: 'home', label: '首页', icon: 'home', url: TAB_ROUTES[0] },
  { value: 'purchased', label: '已购', icon: 'book', url: TAB_ROUTES[1] },
  { value: 'my', label: '我的', icon: 'user', url: TAB_ROUTES[2] },
];

Component({
  data: { value: 'home', tabs: TABS },
  methods: {
    onChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const tab = TABS.find((t) => t.value === e.detail.value);
      if (!tab) return;
      this.setData({ value: tab.value });
      wx.switchTab({ url: tab.url });
    },
  },
});
