/**
 * TEMPORARY: removed when the runtime builds ServiceContext (issue 11, runtime part). Until then
 * the function files turn today's ActionContext into the ServiceContext the domain takes.
 */
import type { Knex } from 'knex';
import type { ActionContext } from '../runtime/action';
import type { Ports, ServiceContext } from '../runtime/service-context';
import type { AdminIdentity } from './admin/session';

export function serviceContextOf(ctx: ActionContext): ServiceContext {
  // Getters: the runtime's scoped deps throw when a function reaches a port it did not declare.
  const ports = {
    get payments() {
      return ctx.deps.payments;
    },
    get media() {
      return ctx.deps.media;
    },
    get moderation() {
      return ctx.deps.moderation;
    },
    get adminAuth() {
      return ctx.deps.adminAuth;
    },
  } as Ports;
  return {
    db: ctx.deps.db,
    now: ctx.now,
    log: ctx.deps.log,
    requestId: ctx.requestId,
    actor: { viewerId: () => ctx.viewerId(), learnerId: () => ctx.learnerId(), admin: ctx.admin },
    ports,
  };
}

/** TEMPORARY: the old admin write context plans.service.ts and staff.service.ts still take. */
export interface Ctx {
  db: Knex;
  now: Date;
  admin: AdminIdentity;
}
