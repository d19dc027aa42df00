import type { Knex } from 'knex';
import { inTransaction } from '../../db/transactions';
import { writeAudit } from './audit.repo';
import type { ServiceContext } from '../../runtime/service-context';

/** What one write did, for the audit trail (secrets are redacted by `writeAudit`). */
export interface AuditRecord {
  action: string;
  targetType: string;
  targetId: string | number | null;
  before?: unknown;
  after?: unknown;
}

/** Who wrote, and when: the CMS admin (null for the platform or a learner) and the call's clock reading. */
export interface AuditActor {
  adminId: number | null;
  now: Date;
}

export interface AuditedResult<T> {
  result: T;
  /** One record, several (a batch), or none when the write turned out to change nothing. */
  audit: AuditRecord | AuditRecord[] | null;
}

/**
 * The one way to make an audited write: `work` and its audit rows commit together in one
 * transaction, rerun from the start when the database picks it as a deadlock victim
 * (`inTransaction`). Writing the audit row after the commit would lose it when the process dies
 * in between, and a row written by hand would skip the redaction of secrets.
 */
export async function inAuditedTransaction<T>(
  db: Knex,
  actor: AuditActor,
  work: (trx: Knex.Transaction) => Promise<AuditedResult<T>>,
): Promise<T> {
  return inTransaction(db, async (trx) => {
    const { result, audit } = await work(trx);
    const records = audit === null ? [] : Array.isArray(audit) ? audit : [audit];
    for (const record of records) await writeAudit(trx, { adminId: actor.adminId, now: actor.now, ...record });
    return result;
  });
}

/** The audit actor of a service call: its admin (null for the platform or a learner) and its clock reading. */
export function auditActorOf(ctx: Pick<ServiceContext, 'now' | 'actor'>): AuditActor {
  return { adminId: ctx.actor.admin?.id ?? null, now: ctx.now };
}
