import * as catalog from '../../../services/catalog';
import { loadFailed } from '../../../utils/page';

type Kind = 'userAgreement' | 'privacyPolicy' | 'purchaseTerms';
const TITLES: Record<Kind, string> = { userAgreement: '用户协议', privacyPolicy: '隐私政策', purchaseTerms: '购买须知' };

/** 用户协议 / 隐私政策 / 购买须知, as the creator edits them in the CMS (catalog.terms). */
Component({
  data: { status: 'loading' as 'loading' | 'ok' | 'error', message: '', kind: 'userAgreement' as Kind, title: '', version: '', text: '' },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const kind = (Object.keys(TITLES).includes(String(query.kind)) ? query.kind : 'userAgreement') as Kind;
      this.setData({ kind, title: TITLES[kind] });
      wx.setNavigationBarTitle({ title: TITLES[kind] });
      return this.load();
    },
    async load() {
      this.setData({ status: 'loading' });
      try {
        const terms = (await catalog.terms())[this.data.kind];
        // 'default' is the built-in text the creator has not edited yet: a version token, not something to show.
        this.setData({ status: 'ok', version: terms.version === 'default' ? '' : terms.version, text: terms.text });
      } catch (err) {
        this.setData(loadFailed(err));
      }
    },
  },
});
