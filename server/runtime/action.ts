import type { z } from 'zod';
import type { Deps } from './deps';
import type { Caller } from './caller';
import { ROLES, can, type AdminPermission } from '../domain/admin/roles.policy';
import type { AdminRole } from '../domain/admin/admin.repo';
import type { AdminIdentity } from '../domain/admin/session';

/**
 * Who may call an action:
 * - `anyone`: anonymous allowed (the caller's openid, if present, personalises the answer);
 * - `learner`: a WeChat user (OPENID from the platform) — otherwise UNAUTHENTICATED;
 * - `platform`: only the given platform sources (timer trigger, payment callback);
 * - `admin`: a CMS session whose role holds `permission` — no session UNAUTHENTICATED, else FORBIDDEN.
 */
export type Audience =
  | { kind: 'anyone' }
  | { kind: 'learner' }
  | { kind: 'platform'; sources: string[] }
  | { kind: 'admin'; permission: AdminPermission; roles: AdminRole[] };

export interface ActionContext {
  deps: Deps;
  caller: Caller;
  requestId: string;
  /** One reading of the clock per call, so a call never sees time move under it. */
  now: Date;
  /** The caller's users.id, creating the row on first use. Only for `learner` actions. */
  learnerId(): Promise<number>;
  /** The caller's users.id when they have one (no write); null for anonymous callers. */
  viewerId(): Promise<number | null>;
  /** The signed-in CMS admin; set for `admin` actions only (null elsewhere). */
  admin: AdminIdentity | null;
}

export interface ActionDef<S extends z.ZodType = z.ZodType, R = unknown> {
  audience: Audience;
  input: S;
  /** One line for the generated API reference. */
  summary: string;
  handler(ctx: ActionContext, input: z.output<S>): Promise<R>;
}

export type AnyAction = ActionDef<z.ZodType, unknown>;

export const anyone: Audience = { kind: 'anyone' };
export const learner: Audience = { kind: 'learner' };
export const platform = (...sources: string[]): Audience => ({ kind: 'platform', sources });
/** `roles` is derived from the policy table, for the generated API reference. */
export const admin = (permission: AdminPermission): Audience => ({ kind: 'admin', permission, roles: ROLES.filter((r) => can(r, permission)) });

/** Identity helper so each action's handler gets its input type from its schema. */
export function action<S extends z.ZodType, R>(def: ActionDef<S, R>): ActionDef<S, R> {
  return def;
}
