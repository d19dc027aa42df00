import type { AdminAudience } from '../../runtime/action';
import { rolesWith, type AdminPermission } from './roles.policy';

/**
 * The `admin(permission)` audience of an action table: the roles come from the policy table, so
 * the runtime's check and the generated API reference read the same truth.
 */
export const admin = (permission: AdminPermission): AdminAudience => ({ kind: 'admin', permission, roles: rolesWith(permission) });
