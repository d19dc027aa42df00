import type { Knex } from 'knex';
import { AppError } from '../../runtime/errors';
import type { ServiceContext } from '../../runtime/service-context';
import { toBool, toDate, toNum } from '../../db/values';
import { insertIgnore } from '../../db/affected';
import { columnNotFound, placedFactsOf, readableArticlesQuery } from '../access/reading';
import { ViewerAccess } from '../access/viewer-access';
import type { ColumnStatus, PlacedArticleFacts } from '../access/access.policy';
import { isEligible, newCertificateNo, normalizeCertificateNo, type ColumnStanding } from './certificate.policy';

export type CertificateCtx = Pick<ServiceContext, 'db' | 'now' | 'actor'>;

/** The public record: what a certificate says, never who holds it in our tables (no openid, no user id). */
export interface CertificateRecord {
  certificateNo: string;
  columnId: number;
  columnTitle: string;
  learnerName: string;
  issuedAt: string;
  status: 'valid' | 'revoked';
  revokedAt: string | null;
}

export function toRecord(r: Record<string, unknown>): CertificateRecord {
  const revokedAt = toDate(r.revoked_at);
  return {
    certificateNo: String(r.certificate_no),
    columnId: Number(r.column_id),
    columnTitle: String(r.column_title),
    learnerName: String(r.learner_name),
    issuedAt: toDate(r.issued_at)!.toISOString(),
    status: revokedAt ? 'revoked' : 'valid',
    revokedAt: revokedAt ? revokedAt.toISOString() : null,
  };
}

const findIssued = (db: Knex, userId: number, columnId: number) =>
  db('certificates').where({ user_id: userId, column_id: columnId }).first();

/**
 * Where the learner stands in a column: its released articles through the reading rule (each
 * must be readable in full), their sticky completion flags, and the best result of every quiz.
 */
async function standingIn(
  db: Knex,
  userId: number | null,
  now: Date,
  columnId: number,
): Promise<{ title: string; standing: ColumnStanding }> {
  const col = await db('columns').where('id', columnId).first('id', 'title', 'status', 'member_included');
  if (!col) throw columnNotFound();
  const rows = await readableArticlesQuery(db, now).where('a.column_id', columnId);
  const facts: PlacedArticleFacts[] = rows.map((r: Record<string, unknown>) => placedFactsOf(r));
  const access = await ViewerAccess.load(db, userId, now, { columnIds: [columnId], articleIds: facts.map((f) => f.id) });
  if (!access.columnExists({ id: columnId, memberIncluded: toBool(col.member_included), status: col.status as ColumnStatus })) {
    throw columnNotFound();
  }
  const ids = facts.map((f) => f.id);
  const unreadable = facts.filter((f) => {
    const d = access.read(f);
    return !d.exists || !d.granted;
  }).length;
  let completed = 0;
  let quizzes = 0;
  let quizzesPassed = 0;
  if (ids.length) {
    const q = await db('quizzes').whereIn('article_id', ids).select('id');
    quizzes = q.length;
    if (userId !== null) {
      completed = toNum(
        (await db('reading_progress').where({ user_id: userId, completed: true }).whereIn('article_id', ids).count('* as n').first())?.n,
      );
      if (quizzes) {
        quizzesPassed = toNum(
          (
            await db('quiz_results')
              .where({ user_id: userId, passed: true })
              .whereIn(
                'quiz_id',
                q.map((r) => Number(r.id)),
              )
              .count('* as n')
              .first()
          )?.n,
        );
      }
    }
  }
  return { title: String(col.title), standing: { total: ids.length, completed, quizzes, quizzesPassed, unreadable } };
}

export interface CertificateStatus extends ColumnStanding {
  eligible: boolean;
  certificate: CertificateRecord | null;
}

/** Whether the caller can claim the column's certificate yet, and the one already issued. */
export async function certificateStatus(ctx: CertificateCtx, columnId: number): Promise<CertificateStatus> {
  const userId = await ctx.actor.viewerId();
  const issued = userId === null ? undefined : await findIssued(ctx.db, userId, columnId);
  const { standing } = await standingIn(ctx.db, userId, ctx.now, columnId);
  return { ...standing, eligible: Boolean(issued) || isEligible(standing), certificate: issued ? toRecord(issued) : null };
}

/**
 * Claims (or returns) the caller's certificate of a column. Issued once: the (user, column) unique
 * key decides between concurrent claims, and every claim reads back the one row that won.
 * Not yet eligible → FORBIDDEN with where the learner stands.
 */
export async function claimCertificate(ctx: CertificateCtx, columnId: number): Promise<CertificateRecord> {
  const viewerId = await ctx.actor.viewerId();
  if (viewerId !== null) {
    const issued = await findIssued(ctx.db, viewerId, columnId);
    if (issued) return toRecord(issued);
  }
  const { title, standing } = await standingIn(ctx.db, viewerId, ctx.now, columnId);
  if (!isEligible(standing)) {
    throw new AppError('FORBIDDEN', '学完专栏的全部文章并通过全部测验后才能领取证书', standing);
  }
  const userId = viewerId ?? (await ctx.actor.learnerId());
  const user = await ctx.db('users').where('id', userId).first('nickname');
  const learnerName = String(user?.nickname ?? '').trim() || '学员';
  await insertIgnore(
    ctx.db,
    'certificates',
    {
      certificate_no: newCertificateNo(ctx.now),
      user_id: userId,
      column_id: columnId,
      column_title: title.slice(0, 128),
      learner_name: learnerName.slice(0, 64),
      issued_at: ctx.now,
    },
    ['user_id', 'column_id'],
  );
  return toRecord(await findIssued(ctx.db, userId, columnId));
}

/** Public verification (anyone): the record without the holder's identity, revoked ones saying so; unknown → NOT_FOUND. */
export async function verifyCertificate(ctx: Pick<ServiceContext, 'db'>, certificateNo: string): Promise<CertificateRecord> {
  const row = await ctx.db('certificates').where('certificate_no', normalizeCertificateNo(certificateNo)).first();
  if (!row) throw new AppError('NOT_FOUND', '证书编号不存在');
  return toRecord(row);
}

/** The public verification page; a 小程序码 opens it with the number as its `scene`. */
export const VERIFY_PAGE = 'pages/my/verify/index';

/**
 * The 小程序码 printed on the caller's certificate: it opens the verification page with the
 * certificate number as `scene` (18 characters, within WeChat's 32). Only for a certificate the
 * caller holds. Locally the MiniCode port draws a plain QR of the same page and scene.
 */
export async function certificateCode(
  ctx: CertificateCtx & Pick<ServiceContext, 'ports'>,
  columnId: number,
): Promise<{ certificateNo: string; page: string; scene: string; image: string }> {
  const userId = await ctx.actor.viewerId();
  const issued = userId === null ? undefined : await findIssued(ctx.db, userId, columnId);
  if (!issued) throw new AppError('NOT_FOUND', '还没有领取这个专栏的证书');
  const scene = String(issued.certificate_no);
  const png = await ctx.ports.miniCode.getUnlimited({ page: VERIFY_PAGE, scene });
  return { certificateNo: scene, page: VERIFY_PAGE, scene, image: `data:image/png;base64,${png.toString('base64')}` };
}
