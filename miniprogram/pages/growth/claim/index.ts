import { claimGift, previewGift } from '../../../services/growth';
import { toApiError } from '../../../services/errors';
import { day } from '../../../utils/format';
import { go, routes } from '../../../utils/nav';
import type { ItemType } from '../../../services/types';

const ERRORS: Partial<Record<string, string>> = {
  FORBIDDEN: '这是你送出的礼物，分享给好友来领取吧',
  CONFLICT: '礼物已被领取',
  NOT_FOUND: '礼物不存在或已失效',
  INVALID_INPUT: '领取链接不正确',
  NETWORK: '网络不给力，请稍后重试',
};

/** The friend opens the share card: what the gift is, and one tap to claim it. */
Component({
  data: {
    status: 'loading' as 'loading' | 'ok' | 'error',
    message: '',
    token: '',
    title: '',
    claimed: false,
    busy: false,
    result: '',
    error: '',
    itemType: '' as ItemType | '',
    itemId: 0,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ token: String(query.token ?? '') });
      return this.load();
    },
    async load() {
      try {
        const g = await previewGift(this.data.token);
        this.setData({ status: 'ok', title: g.title, claimed: g.status === 'claimed', itemType: g.itemType, itemId: g.itemId });
      } catch (err) {
        const e = toApiError(err);
        this.setData({ status: 'error', message: ERRORS[e.code] ?? e.message });
      }
    },
    async claim() {
      if (this.data.busy) return;
      this.setData({ busy: true, error: '' });
      try {
        const r = await claimGift(this.data.token);
        this.setData({ result: r.expiresAt ? `已领取，有效期至 ${day(r.expiresAt)}` : '已领取，永久有效', claimed: true });
      } catch (err) {
        const e = toApiError(err);
        this.setData({ error: ERRORS[e.code] ?? e.message });
      } finally {
        this.setData({ busy: false });
      }
    },
    open() {
      if (this.data.itemType === 'column') go(routes.column(this.data.itemId));
      else if (this.data.itemType === 'article') go(routes.article(this.data.itemId));
      else go(routes.home());
    },
  },
});
