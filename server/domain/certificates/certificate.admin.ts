import { AppError } from '../../runtime/errors';
import type { ServiceContext } from '../../runtime/service-context';
import { decodeCursor, encodeCursor } from '../../runtime/cursor';
import { whereContains, orWhereContains } from '../../db/like';
import { auditActorOf, inAuditedTransaction } from '../audit/audited-transaction';
import { normalizeCertificateNo } from './certificate.policy';
import { toRecord, type CertificateRecord } from './certificate.service';

export type AdminCertificate = CertificateRecord & { userId: number; revokeReason: string | null };

const toAdmin = (r: Record<string, unknown>): AdminCertificate => ({
  ...toRecord(r),
  userId: Number(r.user_id),
  revokeReason: r.revoke_reason === null || r.revoke_reason === undefined ? null : String(r.revoke_reason),
});

/** Issued certificates, newest first; filter by column, search by number or learner name. */
export async function listCertificates(
  ctx: Pick<ServiceContext, 'db'>,
  input: { columnId?: number; q?: string; cursor?: string; limit: number },
): Promise<{ items: AdminCertificate[]; nextCursor: string | null }> {
  const q = ctx.db('certificates').select('*');
  if (input.columnId !== undefined) q.where('column_id', input.columnId);
  if (input.q) q.andWhere((w) => orWhereContains(whereContains(w, 'certificate_no', input.q!.toUpperCase()), 'learner_name', input.q!));
  const after = decodeCursor(input.cursor, 1);
  if (after) q.where('id', '<', after[0]);
  const rows = await q.orderBy('id', 'desc').limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  return {
    items: page.map(toAdmin),
    nextCursor: rows.length > input.limit ? encodeCursor([Number(page[page.length - 1].id)]) : null,
  };
}

/** Revokes a certificate (verification then answers `revoked`); audited; revoking twice is CONFLICT. */
export function revokeCertificate(ctx: ServiceContext, input: { certificateNo: string; reason: string }): Promise<AdminCertificate> {
  return inAuditedTransaction(ctx.db, auditActorOf(ctx), async (trx) => {
    const no = normalizeCertificateNo(input.certificateNo);
    const before = await trx('certificates').where('certificate_no', no).forUpdate().first();
    if (!before) throw new AppError('NOT_FOUND', '证书编号不存在');
    if (before.revoked_at) throw new AppError('CONFLICT', '证书已被撤销');
    await trx('certificates').where('id', before.id).update({ revoked_at: ctx.now, revoke_reason: input.reason });
    const after = toAdmin(await trx('certificates').where('id', before.id).first());
    return {
      result: after,
      audit: { action: 'certificate.revoke', targetType: 'certificate', targetId: no, before: toAdmin(before), after },
    };
  });
}
