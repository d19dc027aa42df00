import type { Knex } from 'knex';
import { toBool, toDate } from '../../db/values';
import { AppError } from '../../runtime/errors';
import { whereArticleReleased, whereColumnReadable } from '../catalog/visibility';
import type { ColumnStatus, PlacedArticleFacts, ReadingDecision } from './access.policy';
import { ViewerAccess } from './viewer-access';

/** The one answer learners get for an article or column that does not exist for them (missing, draft, unreleased, archived and not theirs). */
export const ARTICLE_NOT_FOUND = '文章不存在或已下架';
export const COLUMN_NOT_FOUND = '专栏不存在或已下架';
export const articleNotFound = () => new AppError('NOT_FOUND', ARTICLE_NOT_FOUND);
export const columnNotFound = () => new AppError('NOT_FOUND', COLUMN_NOT_FOUND);

/** The columns `placedFactsOf` reads. */
export const PLACED_ARTICLE_COLUMNS = [
  'a.id',
  'a.column_id',
  'a.is_free',
  'a.status',
  'a.publish_at',
  'c.member_included',
  'c.status as column_status',
];

/**
 * Articles that may exist for some learner — released, in a published or archived column — with
 * the facts `decideReading` needs. A pre-filter only: who may see an archived column's article is
 * the policy's call (tests/domain/access/reading.test.ts checks the two agree).
 */
export function readableArticlesQuery(db: Knex, now: Date): Knex.QueryBuilder {
  return whereColumnReadable(
    whereArticleReleased(
      db('articles as a')
        .join('columns as c', 'c.id', 'a.column_id')
        .select(...PLACED_ARTICLE_COLUMNS),
      now,
    ),
  );
}

export function placedFactsOf(row: Record<string, unknown>): PlacedArticleFacts {
  return {
    id: Number(row.id),
    columnId: Number(row.column_id),
    isFree: toBool(row.is_free),
    memberIncluded: toBool(row.member_included),
    status: String(row.status),
    publishAt: toDate(row.publish_at),
    columnStatus: row.column_status as ColumnStatus,
  };
}

export interface ReadableArticle {
  facts: PlacedArticleFacts;
  decision: Extract<ReadingDecision, { exists: true }>;
  /** The selected row, including any `extraColumns`. */
  row: Record<string, unknown>;
}

/**
 * One article as this viewer may see it, decided by the reading rule; NOT_FOUND when it does not
 * exist for them. For the paths that act on one article (comments, progress).
 */
export async function findReadableArticle(
  db: Knex,
  viewerId: number | null,
  now: Date,
  articleId: number,
  extraColumns: string[] = [],
): Promise<ReadableArticle> {
  const q = readableArticlesQuery(db, now).where('a.id', articleId);
  if (extraColumns.length) q.select(...extraColumns);
  const row = await q.first();
  if (!row) throw articleNotFound();
  const facts = placedFactsOf(row);
  const access = await ViewerAccess.load(db, viewerId, now, { articleIds: [facts.id], columnIds: [facts.columnId] });
  const decision = access.read(facts);
  if (!decision.exists) throw articleNotFound();
  return { facts, decision, row };
}
