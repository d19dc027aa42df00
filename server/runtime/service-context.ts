import type { Knex } from 'knex';
import type { Logger } from './logger';
import type { Deps } from './deps';
import type { PortName } from './ports';
import type { AdminIdentity } from '../ports/identity';

export type { AdminIdentity } from '../ports/identity';

/**
 * Who is calling, resolved by the runtime from the platform context (never from the event).
 * Lookups are lazy and happen at most once per call.
 */
export interface Actor {
  /**
   * The caller's OPENID as the platform gave it (null for anonymous callers and the CMS). Only for
   * platform APIs that need it, such as content moderation, and for the hot statements that resolve
   * the viewer themselves (access.article and progress.report join users by openid — the Identity
   * port's lookup — instead of awaiting `viewerId()` as a round trip of its own); the domain keys
   * its rows by users.id.
   */
  openid: string | null;
  /** The calling learner's users.id when they have one (no write); null for anonymous callers and the CMS. */
  viewerId(): Promise<number | null>;
  /** The calling learner's users.id, creating the row on first use; UNAUTHENTICATED without an openid. */
  learnerId(): Promise<number>;
  /** The signed-in CMS admin; set for `admin` actions only. */
  admin: AdminIdentity | null;
}

/** The platform ports a service may use (scoped by the function's declared `cloudPorts`). */
export type Ports = Pick<Deps, PortName>;

/**
 * The one context the runtime builds per call and hands to every domain service: the database,
 * one reading of the clock, the logger, the actor and the ports. Services take this (or a `Pick`
 * of it) as their first argument; nothing else is threaded by hand.
 */
export interface ServiceContext {
  db: Knex;
  /** One reading of the clock per call, so a call never sees time move under it. */
  now: Date;
  log: Logger;
  requestId: string;
  actor: Actor;
  ports: Ports;
}

/** The admin of a CMS action; the runtime has already resolved and checked them. */
export function adminOf(ctx: Pick<ServiceContext, 'actor'>): AdminIdentity {
  if (!ctx.actor.admin) throw new Error('an admin-only service was called outside an admin action');
  return ctx.actor.admin;
}
