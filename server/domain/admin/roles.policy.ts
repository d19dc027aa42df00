
/**
 * What each CMS role may do (API.md): owner everything; editor content and comments; support
 * reading orders and comments. `session` is any signed-in admin (their own profile).
 * A pure table so the CMS menu and the function check read the same truth.
 */
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
] as const;
export type AdminPermission = (typeof PERMISSIONS)[number];

export const ROLES = ['owner', 'editor', 'support'] as const;
export type AdminRole = (typeof ROLES)[number];

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
