import type { Knex } from 'knex';
import { toIso } from '../../db/values';
import { decodeCursor, encodeCursor } from '../../runtime/cursor';

type Row = Record<string, any>;

export interface AuditEntry {
  adminId: number | null;
  action: string;
  targetType: string;
  targetId: string | number | null;
  before?: unknown;
  after?: unknown;
  now: Date;
}

// Secrets never reach the audit trail, whatever a caller passes as before/after.
const REDACT = new Set(['password', 'password_hash', 'passwordHash', 'token', 'ticket']);
function json(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return JSON.stringify(value, (key, v) => (REDACT.has(key) ? '[redacted]' : v));
}

/** Every CMS write records who did what, with the row before and after (run inside the write's transaction). */
export async function writeAudit(db: Knex | Knex.Transaction, e: AuditEntry): Promise<void> {
  await db('audit_log').insert({
    admin_id: e.adminId,
    action: e.action,
    target_type: e.targetType,
    target_id: e.targetId === null ? null : String(e.targetId),
    before_json: json(e.before),
    after_json: json(e.after),
    created_at: e.now,
  });
}

export async function listAudit(db: Knex, q: { cursor?: string; limit: number; action?: string; adminId?: number; targetType?: string }) {
  const key = decodeCursor(q.cursor, 1);
  const rows = await db('audit_log as l')
    .leftJoin('admins as a', 'a.id', 'l.admin_id')
    .modify((b) => {
      if (key) b.where('l.id', '<', Number(key[0]));
      if (q.action) b.where('l.action', q.action);
      if (q.adminId) b.where('l.admin_id', q.adminId);
      if (q.targetType) b.where('l.target_type', q.targetType);
    })
    .orderBy('l.id', 'desc')
    .limit(q.limit + 1)
    .select('l.*', 'a.username');
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r: Row) => ({
      id: Number(r.id),
      admin: r.admin_id ? { id: Number(r.admin_id), username: r.username ?? '' } : null,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      before: r.before_json ? JSON.parse(r.before_json) : null,
      after: r.after_json ? JSON.parse(r.after_json) : null,
      createdAt: toIso(r.created_at),
    })),
    nextCursor: rows.length > q.limit ? encodeCursor([Number(page[page.length - 1].id)]) : null,
  };
}
