import type { Knex } from 'knex';
import { AppError } from '../../runtime/errors';
import type { ServiceContext } from '../../runtime/service-context';
import { inTransaction } from '../../db/transactions';
import { insertIgnore } from '../../db/affected';
import { toBool, toDate, toNum } from '../../db/values';
import { columnNotFound } from '../access/reading';
import { ViewerAccess } from '../access/viewer-access';
import type { ColumnStatus } from '../access/access.policy';
import { whereArticleReleased, whereColumnListed } from '../catalog/visibility';

/**
 * New-lesson notices (issue 16). A learner accepts the one-time template in the mini program
 * (`wx.requestSubscribeMessage`) and the client records that grant here; when an article of the
 * column is released afterwards (published now or on its schedule), the timer spends one grant on
 * one message. At most once per learner and article: the `notice_deliveries` unique key.
 */
export type NoticeCtx = Pick<ServiceContext, 'db' | 'now' | 'actor' | 'ports'>;

/** Unused grants one learner may hold on one column (WeChat accumulates one per accepted prompt). */
export const NOTICE_GRANTS_MAX = 20;
/** Articles released longer ago than this are not news any more; the timer looks no further back. */
export const NOTICE_LOOKBACK_MS = 3 * 86400_000;
/** Messages one timer run sends at most (the next minute's run takes the rest). */
export const NOTICE_BATCH = 200;

export interface NoticeStatus {
  columnId: number;
  templateId: string;
  /** One-time grants left: how many more new lessons this learner will hear of. */
  remaining: number;
}

async function existingColumn(ctx: NoticeCtx, viewerId: number | null, columnId: number): Promise<void> {
  const col = await ctx.db('columns').where('id', columnId).first('id', 'status', 'member_included');
  if (!col) throw columnNotFound();
  const access = await ViewerAccess.load(ctx.db, viewerId, ctx.now, { columnIds: [columnId] });
  if (!access.columnExists({ id: columnId, memberIncluded: toBool(col.member_included), status: col.status as ColumnStatus })) {
    throw columnNotFound();
  }
}

const remainingOf = async (db: Knex | Knex.Transaction, userId: number, columnId: number) =>
  toNum((await db('notice_grants').where({ user_id: userId, column_id: columnId }).whereNull('used_at').count('* as n').first())?.n);

export async function noticeStatus(ctx: NoticeCtx, columnId: number): Promise<NoticeStatus> {
  const viewerId = await ctx.actor.viewerId();
  await existingColumn(ctx, viewerId, columnId);
  return {
    columnId,
    templateId: ctx.ports.subscribeMessage.newLessonTemplateId,
    remaining: viewerId === null ? 0 : await remainingOf(ctx.db, viewerId, columnId),
  };
}

/** Records one accepted one-time grant (the client calls this after `requestSubscribeMessage` answered `accept`). */
export async function subscribe(ctx: NoticeCtx, columnId: number): Promise<NoticeStatus> {
  const viewerId = await ctx.actor.viewerId();
  await existingColumn(ctx, viewerId, columnId);
  const userId = viewerId ?? (await ctx.actor.learnerId());
  const remaining = await inTransaction(ctx.db, async (trx) => {
    // Lock the learner's row so two quick taps cannot both pass the cap.
    await trx('users').where('id', userId).forUpdate().first('id');
    const held = await remainingOf(trx, userId, columnId);
    if (held >= NOTICE_GRANTS_MAX) throw new AppError('RATE_LIMITED', `最多可预约 ${NOTICE_GRANTS_MAX} 次上新提醒`);
    await trx('notice_grants').insert({ user_id: userId, column_id: columnId, granted_at: ctx.now, used_at: null });
    return held + 1;
  });
  return { columnId, templateId: ctx.ports.subscribeMessage.newLessonTemplateId, remaining };
}

export interface DispatchResult {
  sent: number;
  failed: number;
}

/** The reader page a notice opens. */
export const articlePage = (articleId: number) => `pages/reader/article/index?id=${articleId}`;

/**
 * The timer's work: every (learner, article) pair where the learner holds an unused grant on the
 * article's column taken before its release, and no delivery yet. Each pair first commits its
 * delivery row (unique per learner and article) and spends its oldest grant (a conditional
 * update) in one transaction — a concurrent run loses on one of the two and skips — and only then
 * sends. A send that fails gives the grant back (WeChat did not spend it either); the delivery
 * stays `failed`, so that article is never retried: at most once, never twice.
 */
export async function dispatchNotices(ctx: Pick<ServiceContext, 'db' | 'now' | 'ports'>): Promise<DispatchResult> {
  const { db, now } = ctx;
  const candidates = await whereColumnListed(
    whereArticleReleased(
      db('notice_grants as g')
        .join('articles as a', 'a.column_id', 'g.column_id')
        .join('columns as c', 'c.id', 'a.column_id')
        .join('users as u', 'u.id', 'g.user_id')
        .whereNull('g.used_at')
        .whereNotNull('a.publish_at')
        .whereRaw('a.publish_at >= g.granted_at')
        .where('a.publish_at', '>=', new Date(now.getTime() - NOTICE_LOOKBACK_MS))
        .whereNotExists(db('notice_deliveries as d').select(db.raw('1')).whereRaw('d.user_id = g.user_id').whereRaw('d.article_id = a.id'))
        .select(
          'g.id as grant_id',
          'g.user_id',
          'g.column_id',
          'a.id as article_id',
          'a.title as article_title',
          'a.publish_at',
          'c.title as column_title',
          'u.openid',
        ),
      now,
    ),
  )
    .orderBy([{ column: 'a.publish_at' }, { column: 'g.granted_at' }, { column: 'g.id' }])
    .limit(NOTICE_BATCH * 4);

  const usedGrants = new Set<number>();
  const pairs = new Set<string>();
  const result: DispatchResult = { sent: 0, failed: 0 };
  for (const row of candidates) {
    const grantId = Number(row.grant_id);
    const pair = `${row.user_id}:${row.article_id}`;
    if (usedGrants.has(grantId) || pairs.has(pair)) continue;
    if (result.sent + result.failed >= NOTICE_BATCH) break;
    const message = {
      touser: String(row.openid),
      page: articlePage(Number(row.article_id)),
      columnTitle: String(row.column_title),
      articleTitle: String(row.article_title),
      publishedAt: toDate(row.publish_at)!,
    };
    const deliveryId = await inTransaction(db, async (trx) => {
      const spent = await trx('notice_grants').where('id', grantId).whereNull('used_at').update({ used_at: now });
      if (!spent) return null;
      const inserted = await insertIgnore(
        trx,
        'notice_deliveries',
        {
          user_id: row.user_id,
          article_id: row.article_id,
          column_id: row.column_id,
          grant_id: grantId,
          status: 'sending',
          payload_json: JSON.stringify({ ...message, publishedAt: message.publishedAt.toISOString() }),
          created_at: now,
        },
        ['user_id', 'article_id'],
      );
      if (!inserted) {
        // Someone else delivered this pair: keep the grant for the next article.
        await trx('notice_grants').where('id', grantId).update({ used_at: null });
        return null;
      }
      const d = await trx('notice_deliveries').where({ user_id: row.user_id, article_id: row.article_id }).first('id');
      return Number(d.id);
    });
    usedGrants.add(grantId);
    pairs.add(pair);
    if (deliveryId === null) continue;
    try {
      await ctx.ports.subscribeMessage.sendNewLesson(message);
      await db('notice_deliveries').where('id', deliveryId).update({ status: 'sent', sent_at: now });
      result.sent += 1;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      await inTransaction(db, async (trx) => {
        await trx('notice_deliveries')
          .where('id', deliveryId)
          .update({ status: 'failed', error: reason.slice(0, 256) });
        await trx('notice_grants').where('id', grantId).update({ used_at: null });
      });
      result.failed += 1;
    }
  }
  return result;
}
