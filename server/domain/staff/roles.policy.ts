/**
 * What each CMS role may do: the owner everything; an editor writes content and moderates its
 * comments (but sets no prices beyond content: membership plans are the owner's); support answers
 * learners — reads orders and looks learners up (学员编号, progress) — but neither moderates
 * nor grants nor refunds. Bulk exports of learners' data are the owner's. `session` is any
 * signed-in admin (their own profile and the labels).
 * A pure table so the CMS menu and the function check read the same truth. The role list is
 * defined here once; the clients get it through the generated contract.
 */
export const ROLES = ['owner', 'editor', 'support'] as const;
export type AdminRole = (typeof ROLES)[number];
export const ROLE_LABELS: Record<AdminRole, string> = { owner: '创作者（所有者）', editor: '编辑', support: '客服' };
export const STAFF_STATUS_LABELS: Record<'active' | 'disabled', string> = { active: '正常', disabled: '已停用' };

export const PERMISSIONS = [
  'session',
  'content',
  'plans',
  'comments',
  'orders.read',
  'orders.refund',
  'users',
  'grants',
  'redeem',
  'staff',
  'audit',
  'stats',
  'growth',
  'exports',
] as const;
export type AdminPermission = (typeof PERMISSIONS)[number];

const GRANTS: Record<AdminRole, readonly AdminPermission[]> = {
  owner: PERMISSIONS,
  editor: ['session', 'content', 'comments'],
  support: ['session', 'orders.read', 'users'],
};

export function can(role: AdminRole, permission: AdminPermission): boolean {
  return GRANTS[role]?.includes(permission) ?? false;
}

export function permissionsOf(role: AdminRole): AdminPermission[] {
  return [...(GRANTS[role] ?? [])];
}

/** The roles that hold `permission`, in ROLES order. */
export function rolesWith(permission: AdminPermission): AdminRole[] {
  return ROLES.filter((role) => can(role, permission));
}
