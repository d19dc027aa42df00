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
// The audit columns are TEXT (64 KB on MySQL): a long field (an article body) is kept as its head and its length, and
// a record still too large as a note — a write must never fail on its audit row (issue 14: a 100 000-character body
// answered INTERNAL).
const MAX_AUDIT_STRING = 2000;
const MAX_AUDIT_BYTES = 60_000;
function json(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = JSON.stringify(value, (key, v) =>
    REDACT.has(key)
      ? '[redacted]'
      : typeof v === 'string' && v.length > MAX_AUDIT_STRING
        ? `${v.slice(0, MAX_AUDIT_STRING)}…（共 ${v.length} 字）`
        : v,
  );
  return Buffer.byteLength(text) > MAX_AUDIT_BYTES ? JSON.stringify({ truncated: true, bytes: Buffer.byteLength(text) }) : text;
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
  const names = await targetNames(db, page);
  return {
    items: page.map((r: Row) => ({
      id: Number(r.id),
      admin: r.admin_id ? { id: Number(r.admin_id), username: r.username ?? '' } : null,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      /** What the target is called now (a title, a username), or null when unknown or deleted. */
      targetName: names.get(`${r.target_type}:${r.target_id}`) ?? fallbackName(r),
      before: r.before_json ? JSON.parse(r.before_json) : null,
      after: r.after_json ? JSON.parse(r.after_json) : null,
      createdAt: toIso(r.created_at),
    })),
    nextCursor: rows.length > q.limit ? encodeCursor([Number(page[page.length - 1].id)]) : null,
  };
}

/** The tables whose rows the trail names by a human name instead of `type #id`. */
const NAMED_TARGETS: Record<string, { table: string; name: string }> = {
  admin: { table: 'admins', name: 'username' },
  column: { table: 'columns', name: 'title' },
  chapter: { table: 'chapters', name: 'title' },
  article: { table: 'articles', name: 'title' },
  plan: { table: 'membership_plans', name: 'name' },
  membership: { table: 'membership_plans', name: 'name' },
};

/** One query per target type on the page. */
async function targetNames(db: Knex, rows: Row[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const byType = new Map<string, number[]>();
  for (const r of rows) {
    if (!NAMED_TARGETS[r.target_type] || !/^\d+$/.test(String(r.target_id ?? ''))) continue;
    byType.set(r.target_type, [...(byType.get(r.target_type) ?? []), Number(r.target_id)]);
  }
  for (const [type, ids] of byType) {
    const t = NAMED_TARGETS[type];
    const found = await db(t.table)
      .whereIn('id', [...new Set(ids)])
      .select('id', `${t.name} as name`);
    for (const f of found) names.set(`${type}:${f.id}`, String(f.name));
  }
  return names;
}

/** Targets without a row to read: an upload by the name it had, an order by its number, a deleted row by its old name. */
function fallbackName(r: Row): string | null {
  if (r.target_type === 'media' && r.after_json) {
    const name = (JSON.parse(r.after_json) as { name?: unknown }).name;
    return typeof name === 'string' && name ? name : null;
  }
  if (r.target_type === 'order' && r.target_id) return String(r.target_id);
  // A deleted row is named by what the trail kept of it.
  const gone = r.before_json ? (JSON.parse(r.before_json) as Record<string, unknown>) : null;
  const name = gone?.title ?? gone?.username ?? gone?.name;
  return typeof name === 'string' && name ? name : null;
}
