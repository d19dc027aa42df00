import type { z } from 'zod';
import type { Deps } from './deps';
import type { Caller } from './caller';
import type { ServiceContext } from './service-context';

/**
 * Who may call an action:
 * - `anyone`: anonymous allowed (the caller's openid, if present, personalises the answer);
 * - `learner`: a WeChat user (OPENID from the platform) — otherwise UNAUTHENTICATED;
 * - `platform`: only the given platform sources (timer trigger, payment callback);
 * - `admin`: a CMS session whose role is one of `roles` — no session UNAUTHENTICATED, else FORBIDDEN.
 *   Built by the staff domain's `admin(permission)` (`server/domain/staff/audience.ts`), which
 *   derives `roles` from its policy table; the runtime only compares.
 */
export type Audience = { kind: 'anyone' } | { kind: 'learner' } | { kind: 'platform'; sources: string[] } | AdminAudience;

export interface AdminAudience {
  kind: 'admin';
  permission: string;
  roles: readonly string[];
}

/**
 * What a handler gets: the call's service context (pass it straight to services) plus what only
 * the edge needs — the platform caller and the function's dependencies.
 */
export interface ActionContext extends ServiceContext {
  caller: Caller;
  deps: Deps;
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

/** Identity helper so each action's handler gets its input type from its schema. */
export function action<S extends z.ZodType, R>(def: ActionDef<S, R>): ActionDef<S, R> {
  return def;
}
