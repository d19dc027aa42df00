import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { useSession } from './stores/session';

/** Each page names the permission it needs; the menu and the guard both read it. */
// prettier-ignore
export const pages: Array<RouteRecordRaw & { meta: { title: string; permission: string; icon: string } }> = [
  { path: 'dashboard', name: 'dashboard', component: () => import('./views/DashboardView.vue'), meta: { title: '经营概览', permission: 'stats', icon: 'chart-bar' } },
  { path: 'content', name: 'content', component: () => import('./views/content/ContentView.vue'), meta: { title: '内容管理', permission: 'content', icon: 'book-open' } },
  { path: 'plans', name: 'plans', component: () => import('./views/PlansView.vue'), meta: { title: '会员方案', permission: 'content', icon: 'cardmembership' } },
  { path: 'orders', name: 'orders', component: () => import('./views/OrdersView.vue'), meta: { title: '订单', permission: 'orders.read', icon: 'wallet' } },
  { path: 'users', name: 'users', component: () => import('./views/UsersView.vue'), meta: { title: '学员', permission: 'users', icon: 'usergroup' } },
  { path: 'redeem', name: 'redeem', component: () => import('./views/RedeemView.vue'), meta: { title: '兑换码', permission: 'redeem', icon: 'gift' } },
  { path: 'learning', name: 'learning', component: () => import('./views/LearningView.vue'), meta: { title: '测验与提醒', permission: 'content', icon: 'task-checked' } },
  { path: 'certificates', name: 'certificates', component: () => import('./views/CertificatesView.vue'), meta: { title: '结业证书', permission: 'users', icon: 'certificate' } },
  { path: 'coupons', name: 'coupons', component: () => import('./views/growth/CouponsView.vue'), meta: { title: '优惠券', permission: 'growth', icon: 'discount' } },
  { path: 'promotions', name: 'promotions', component: () => import('./views/growth/PromotionsView.vue'), meta: { title: '限时价', permission: 'growth', icon: 'time' } },
  { path: 'gifts', name: 'gifts', component: () => import('./views/growth/GiftsView.vue'), meta: { title: '礼物', permission: 'growth', icon: 'gift' } },
  { path: 'referral', name: 'referral', component: () => import('./views/growth/ReferralView.vue'), meta: { title: '推广员', permission: 'growth', icon: 'share' } },
  { path: 'comments', name: 'comments', component: () => import('./views/CommentsView.vue'), meta: { title: '评论审核', permission: 'comments', icon: 'chat' } },
  { path: 'staff', name: 'staff', component: () => import('./views/StaffView.vue'), meta: { title: '员工与角色', permission: 'staff', icon: 'user-safety' } },
  { path: 'audit', name: 'audit', component: () => import('./views/AuditView.vue'), meta: { title: '操作日志', permission: 'audit', icon: 'history' } },
];

// prettier-ignore
const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true } },
  {
    path: '/',
    component: () => import('./components/AdminLayout.vue'),
    children: [
      { path: '', name: 'home', redirect: () => ({ name: 'home-redirect' }) },
      { path: 'home', name: 'home-redirect', component: { render: () => null } },
      { path: 'content/articles/:id', name: 'article-edit', component: () => import('./views/content/ArticleEditor.vue'), meta: { title: '编辑文章', permission: 'content' } },
      { path: 'content/columns/:columnId/articles/new', name: 'article-new', component: () => import('./views/content/ArticleEditor.vue'), meta: { title: '新建文章', permission: 'content' } },
      ...pages,
      { path: 'forbidden', name: 'forbidden', component: () => import('./views/ForbiddenView.vue'), meta: { title: '无权访问' } },
    ],
  },
  { path: '/:rest(.*)*', redirect: '/' },
];

export const router = createRouter({ history: createWebHistory('/admin/'), routes });

/** The first page this role may open (an editor has no dashboard). */
export function landingFor(can: (p: string) => boolean) {
  return pages.find((p) => can(p.meta.permission))?.name ?? 'forbidden';
}

router.beforeEach(async (to) => {
  const session = useSession();
  await session.restore();
  if (to.meta.public) return session.signedIn && to.name === 'login' ? { name: landingFor(session.can) } : true;
  if (!session.signedIn) return { name: 'login', query: { redirect: to.fullPath } };
  if (to.name === 'home-redirect') return { name: landingFor(session.can) };
  const permission = to.meta.permission as string | undefined;
  if (permission && !session.can(permission)) return { name: 'forbidden' };
  return true;
});

router.afterEach((to) => {
  document.title = `${(to.meta.title as string) ?? '登录'} · 知识付费管理后台`;
});
