/**
 * What each CMS role may do (API.md): owner everything; editor content and comments; support
 * reading orders and comments. `session` is any signed-in admin (their own profile).
 * A pure table so the CMS menu and the function check read the same truth. The role list is
 * defined here once; the clients get it through the generated contract.
 */
export const ROLES = ['owner', 'editor', 'support'] as const;
export type AdminRole = (typeof ROLES)[number];

export const PERMISSIONS = [
  'session',
  'content',
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
] as const;
export type AdminPermission = (typeof PERMISSIONS)[number];

const GRANTS: Record<AdminRole, readonly AdminPermission[]> = {
  owner: PERMISSIONS,
  editor: ['session', 'content', 'comments'],
  support: ['session', 'orders.read', 'comments'],
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
