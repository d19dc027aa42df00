import { notice } from '../../../../../services/learning';
import { toApiError } from '../../../../../services/errors';

/**
 * On the column page: 上新提醒 (a one-time subscription message per accepted prompt — WeChat
 * grants one message per acceptance, so the learner can tap again to hear of more lessons) and,
 * for owners, the way to the column's certificate.
 */
Component({
  properties: {
    columnId: { type: Number, value: 0 },
    owned: { type: Boolean, value: false },
  },
  data: { templateId: '', remaining: 0, ready: false },
  observers: {
    columnId(columnId: number) {
      if (columnId) this.load();
    },
  },
  methods: {
    async load() {
      try {
        const s = await notice.status(this.data.columnId);
        this.setData({ templateId: s.templateId, remaining: s.remaining, ready: true });
      } catch {
        this.setData({ ready: false });
      }
    },
    subscribe() {
      const tmplId = this.data.templateId;
      if (!tmplId) return;
      wx.requestSubscribeMessage({
        tmplIds: [tmplId],
        success: async (res: Record<string, string>) => {
          if (res[tmplId] !== 'accept') {
            wx.showToast({ title: '未开启提醒', icon: 'none' });
            return;
          }
          try {
            const s = await notice.subscribe(this.data.columnId);
            this.setData({ remaining: s.remaining });
            wx.showToast({ title: '上新时提醒你', icon: 'success' });
          } catch (err) {
            wx.showToast({ title: toApiError(err).message, icon: 'none' });
          }
        },
        fail: () => wx.showToast({ title: '未开启提醒', icon: 'none' }),
      });
    },
    openCertificate() {
      wx.navigateTo({ url: `/pages/my/certificate/index?columnId=${this.data.columnId}` });
    },
  },
});
