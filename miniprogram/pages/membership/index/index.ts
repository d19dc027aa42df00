import * as catalog from '../../../services/catalog';
import * as user from '../../../services/user';
import { purchasePolicy } from '../../../services/platform';
import { day, yuan } from '../../../utils/format';
import { go, routes } from '../../../utils/nav';
import { loadAndReloadOnShow, loadFailed } from '../../../utils/page';
import type { Me, Plan } from '../../../services/types';

type PlanRow = Plan & { priceText: string; perDay: string };

Component({
  data: {
    status: 'loading' as 'loading' | 'ok' | 'empty' | 'error',
    message: '',
    plans: [] as PlanRow[],
    selected: 0,
    membership: { active: false, expiresAt: null } as Me['membership'],
    expiresText: '',
    canBuy: true,
    guidance: '',
  },
  methods: {
    ...loadAndReloadOnShow,
    async load() {
      try {
        const [plans, policy, me] = await Promise.all([catalog.plans(), purchasePolicy(), user.me().catch(() => null)]);
        const rows = plans.map((p) => ({
          ...p,
          priceText: yuan(p.priceFen),
          perDay: `约 ${yuan(Math.round(p.priceFen / Math.max(1, p.durationDays)))}/天`,
        }));
        // The best value (lowest price per day) is preselected.
        const best = rows.reduce((bi, p, i, all) => (p.priceFen / p.durationDays < all[bi].priceFen / all[bi].durationDays ? i : bi), 0);
        const membership = me?.membership ?? { active: false, expiresAt: null };
        this.setData({
          status: rows.length || !policy.canBuy ? 'ok' : 'empty',
          message: rows.length ? '' : '会员暂未开放',
          plans: rows,
          selected: rows.length ? best : 0,
          membership,
          expiresText: day(membership.expiresAt),
          canBuy: policy.canBuy,
          guidance: policy.guidance,
        });
      } catch (err) {
        this.setData(loadFailed(err));
      }
    },
    select(e: WechatMiniprogram.TouchEvent) {
      this.setData({ selected: Number(e.currentTarget.dataset.index) });
    },
    join() {
      const plan = this.data.plans[this.data.selected];
      if (plan) go(routes.checkout('membership', plan.id));
    },
    openRedeem() {
      go(routes.redeem());
    },
  },
});
