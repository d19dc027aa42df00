/**
 * The privacy agreement WeChat requires (since 2023-09) before privacy-sensitive APIs such as
 * chooseAvatar, the clipboard or the album: when such an API is used before the learner agreed,
 * `wx.onNeedPrivacyAuthorization` hands us a `resolve`; this popup shows the prompt and answers
 * with the agreePrivacyAuthorization button's click (agree, and the pending API proceeds) or
 * disagree (it fails). Put one on every page that uses a guarded API.
 */
type Resolve = (result: { event: 'agree' | 'disagree' | 'exposureAuthorization'; buttonId?: string }) => void;

Component({
  data: { show: false, contractName: '《隐私保护指引》' },
  lifetimes: {
    attached() {
      if (typeof wx.getPrivacySetting === 'function') {
        wx.getPrivacySetting({
          success: (res) => {
            if (res.privacyContractName) this.setData({ contractName: res.privacyContractName });
          },
        });
      }
      if (typeof wx.onNeedPrivacyAuthorization !== 'function') return;
      wx.onNeedPrivacyAuthorization((resolve) => {
        (this as unknown as { resolve?: Resolve }).resolve = resolve as unknown as Resolve;
        this.setData({ show: true });
        // Tell the platform our own popup is showing (the doc's exposureAuthorization).
        (resolve as unknown as (r: { event: string }) => void)({ event: 'exposureAuthorization' });
      });
    },
  },
  methods: {
    answer(result: { event: 'agree' | 'disagree'; buttonId?: string }) {
      const self = this as unknown as { resolve?: Resolve };
      self.resolve?.(result);
      self.resolve = undefined;
      this.setData({ show: false });
    },
    onAgree() {
      this.answer({ event: 'agree', buttonId: 'agree-btn' });
    },
    onDisagree() {
      this.answer({ event: 'disagree' });
    },
    openContract() {
      if (typeof wx.openPrivacyContract === 'function') wx.openPrivacyContract({});
    },
  },
});
