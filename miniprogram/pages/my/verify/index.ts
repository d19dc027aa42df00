import { certificate } from '../../../services/learning';
import { toApiError } from '../../../services/errors';
import { issuedDate } from '../certificate/draw';

/** Public verification: anyone types (or is linked with) a number and sees the record or "not found". */
Component({
  data: {
    no: '',
    record: null as null | { certificateNo: string; columnTitle: string; learnerName: string; dateText: string; revoked: boolean },
    error: '',
  },
  methods: {
    onLoad(query: Record<string, string>) {
      // A scanned 小程序码 brings the number as `scene` (URL-encoded); a link from the app as `no`.
      const no = query.no || (query.scene ? decodeURIComponent(query.scene) : '');
      if (no) {
        this.setData({ no });
        return this.check();
      }
      return undefined;
    },
    onInput(e: WechatMiniprogram.Input) {
      this.setData({ no: String(e.detail.value ?? '').trim() });
    },
    async check() {
      if (!this.data.no) return;
      try {
        const r = await certificate.verify(this.data.no);
        this.setData({
          record: {
            certificateNo: r.certificateNo,
            columnTitle: r.columnTitle,
            learnerName: r.learnerName,
            dateText: issuedDate(r.issuedAt),
            revoked: r.status === 'revoked',
          },
          error: '',
        });
      } catch (err) {
        const e = toApiError(err);
        this.setData({ record: null, error: e.code === 'NOT_FOUND' ? '未找到该证书，请核对编号' : e.message });
      }
    },
  },
});
