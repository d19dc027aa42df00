import * as orders from '../../../services/order';
import { toApiError } from '../../../services/errors';
import { day } from '../../../utils/format';
import { go, routes } from '../../../utils/nav';
import type { ItemType } from '../../../services/types';

const ERRORS: Partial<Record<string, string>> = {
  NOT_FOUND: '兑换码不存在，请检查后重新输入',
  CONFLICT: '兑换码已被使用',
  REDEEM_CODE_INACTIVE: '兑换码不在有效期内',
  ALREADY_OWNED: '你已拥有该内容',
  RATE_LIMITED: '尝试次数过多，请稍后再试',
  INVALID_INPUT: '兑换码格式不正确',
  NETWORK: '网络不给力，请稍后重试',
};

/** Redeem codes: the one way to unlock content on iOS while its purchase policy hides buying. */
Component({
  data: { code: '', busy: false, error: '', result: '', itemType: '' as ItemType | '', itemId: 0 },
  methods: {
    onInput(e: WechatMiniprogram.Input) {
      this.setData({ code: e.detail.value.trim().toUpperCase(), error: '' });
    },
    async submit() {
      if (!this.data.code || this.data.busy) return;
      this.setData({ busy: true, error: '' });
      try {
        const res = await orders.redeem(this.data.code);
        const what = res.itemType === 'membership' ? '会员' : res.itemType === 'column' ? '专栏' : '文章';
        this.setData({
          result: `已解锁${what}${res.expiresAt ? `，有效期至 ${day(res.expiresAt)}` : '，永久有效'}`,
          itemType: res.itemType,
          itemId: res.itemId,
          code: '',
        });
      } catch (err) {
        const e = toApiError(err);
        this.setData({ error: ERRORS[e.code] ?? e.message });
      } finally {
        this.setData({ busy: false });
      }
    },
    openResult() {
      if (this.data.itemType === 'column') go(routes.column(this.data.itemId));
      else if (this.data.itemType === 'article') go(routes.article(this.data.itemId));
      else go(routes.home());
    },
  },
});
