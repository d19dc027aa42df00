import type { Knex } from 'knex';
import { toBool, toNum } from '../../db/values';
import { whereContains } from '../../db/like';
import { columnNotFound } from '../access/reading';
import { decodeCursor, encodeCursor } from '../../runtime/cursor';
import { ViewerAccess } from '../access/viewer-access';
import {
  ARTICLE_CARD_COLUMNS,
  ARTICLE_MEDIA_FLAGS,
  COLUMN_CARD_COLUMNS,
  toArticleCard,
  toColumnCard,
  withPromotions,
  type ArticleCard,
  type ArticleCardRow,
  type ColumnCard,
} from './cards';
import { completionRate } from '../progress/completion.policy';
import { releasedArticleCount, whereArticleReleased, whereColumnListed } from './visibility';
import type { ServiceContext } from '../../runtime/service-context';

export interface Viewer {
  db: Knex;
  now: Date;
  viewerId: number | null;
}

/** Catalog actions take the call's service context; the viewer (anonymous or a learner) is read from its actor. */
export type CatalogCtx = Pick<ServiceContext, 'db' | 'now' | 'actor'>;

async function viewerOf(ctx: CatalogCtx): Promise<Viewer> {
  return { db: ctx.db, now: ctx.now, viewerId: await ctx.actor.viewerId() };
}

function columnCardsQuery(db: Knex, now: Date): Knex.QueryBuilder {
  return whereColumnListed(
    db('columns as c').select(...COLUMN_CARD_COLUMNS, 'c.sort', db.raw('(?) as article_count', [releasedArticleCount(db, now)])),
  );
}

function articleCardsQuery(db: Knex, now: Date): Knex.QueryBuilder {
  const q = db('articles as a')
    .join('columns as c', 'c.id', 'a.column_id')
    .select(...ARTICLE_CARD_COLUMNS, ...ARTICLE_MEDIA_FLAGS.map((f) => db.raw(f)));
  return whereColumnListed(whereArticleReleased(q, now));
}

/** Turns article rows into cards with `locked` decided for this viewer, in one entitlement query. */
export async function toLockedCards(v: Viewer, rows: ArticleCardRow[]): Promise<ArticleCard[]> {
  const access = await ViewerAccess.load(v.db, v.viewerId, v.now, {
    articleIds: rows.map((r) => Number(r.id)),
    columnIds: rows.map((r) => Number(r.column_id)),
  });
  return rows.map((row) =>
    toArticleCard(
      row,
      !access.decide({
        id: Number(row.id),
        columnId: Number(row.column_id),
        isFree: toBool(row.is_free),
        memberIncluded: toBool(row.member_included),
      }).granted,
    ),
  );
}

export async function home(ctx: CatalogCtx): Promise<{ columns: ColumnCard[]; latest: ArticleCard[] }> {
  const v = await viewerOf(ctx);
  const columns = await columnCardsQuery(v.db, v.now)
    .orderBy([{ column: 'c.sort' }, { column: 'c.id' }])
    .limit(10);
  const latest = await articleCardsQuery(v.db, v.now)
    .orderBy([
      { column: 'a.publish_at', order: 'desc' },
      { column: 'a.id', order: 'desc' },
    ])
    .limit(10);
  return {
    columns: await withPromotions(v.db, v.now, 'column', columns.map(toColumnCard)),
    latest: await withPromotions(v.db, v.now, 'article', await toLockedCards(v, latest)),
  };
}

export async function listColumns(
  ctx: CatalogCtx,
  input: { cursor?: string; limit: number },
): Promise<{ items: ColumnCard[]; nextCursor: string | null }> {
  const v = await viewerOf(ctx);
  const after = decodeCursor(input.cursor, 2);
  const q = columnCardsQuery(v.db, v.now);
  if (after) {
    const [sort, id] = after.map(Number);
    q.andWhere((w) => w.where('c.sort', '>', sort).orWhere((x) => x.where('c.sort', sort).andWhere('c.id', '>', id)));
  }
  const rows = await q.orderBy([{ column: 'c.sort' }, { column: 'c.id' }]).limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  return {
    items: await withPromotions(v.db, v.now, 'column', page.map(toColumnCard)),
    nextCursor: rows.length > input.limit && last ? encodeCursor([toNum(last.sort), Number(last.id)]) : null,
  };
}

export interface ColumnDetail {
  column: ColumnCard & { intro: string };
  chapters: Array<{ id: number; title: string; articles: ArticleCard[] }>;
  owned: boolean;
  progress?: { completed: number; total: number; rate: number };
}

export async function getColumn(ctx: CatalogCtx, columnId: number): Promise<ColumnDetail> {
  const v = await viewerOf(ctx);
  const row = await v
    .db('columns as c')
    .select(...COLUMN_CARD_COLUMNS, 'c.intro', 'c.status', v.db.raw('(?) as article_count', [releasedArticleCount(v.db, v.now)]))
    .where('c.id', columnId)
    .first();
  if (!row || row.status === 'draft') throw columnNotFound();

  const articleRows = await whereArticleReleased(
    v
      .db('articles as a')
      .join('columns as c', 'c.id', 'a.column_id')
      .select(...ARTICLE_CARD_COLUMNS, ...ARTICLE_MEDIA_FLAGS.map((f) => v.db.raw(f)), 'a.sort')
      .where('a.column_id', columnId),
    v.now,
  ).orderBy([{ column: 'a.sort' }, { column: 'a.id' }]);

  const access = await ViewerAccess.load(v.db, v.viewerId, v.now, {
    columnIds: [columnId],
    articleIds: articleRows.map((r: ArticleCardRow) => Number(r.id)),
  });
  const memberIncluded = toBool(row.member_included);
  if (!access.columnExists({ id: columnId, memberIncluded, status: row.status })) throw columnNotFound();
  const owned = access.ownsColumn({ id: columnId, memberIncluded });

  const cards: ArticleCard[] = await withPromotions(
    v.db,
    v.now,
    'article',
    articleRows.map((r: ArticleCardRow) =>
      toArticleCard(r, !access.decide({ id: Number(r.id), columnId, isFree: toBool(r.is_free), memberIncluded }).granted),
    ),
  );
  const chapterRows: Array<{ id: number; title: string }> = await v
    .db('chapters')
    .select('id', 'title')
    .where('column_id', columnId)
    .orderBy([{ column: 'sort' }, { column: 'id' }]);
  const chapters = chapterRows.map((ch) => ({
    id: Number(ch.id),
    title: String(ch.title),
    articles: cards.filter((card) => card.chapterId === Number(ch.id)),
  }));
  const loose = cards.filter((card) => card.chapterId === null || !chapterRows.some((ch) => Number(ch.id) === card.chapterId));
  if (loose.length) chapters.push({ id: 0, title: '其他', articles: loose });
  const nonEmpty = chapters.filter((ch) => ch.articles.length > 0);

  const detail: ColumnDetail = {
    column: { ...(await withPromotions(v.db, v.now, 'column', [toColumnCard(row)]))[0]!, intro: String(row.intro ?? '') },
    chapters: nonEmpty,
    owned,
  };
  if (v.viewerId !== null && cards.length) {
    const done = await v
      .db('reading_progress')
      .where('user_id', v.viewerId)
      .where('completed', true)
      .whereIn(
        'article_id',
        cards.map((c) => c.id),
      )
      .count('* as n')
      .first();
    const completed = toNum(done?.n);
    detail.progress = { completed, total: cards.length, rate: completionRate(completed, cards.length) };
  }
  return detail;
}

export async function search(
  ctx: CatalogCtx,
  input: { q: string; limit: number },
): Promise<{ columns: ColumnCard[]; articles: ArticleCard[] }> {
  const v = await viewerOf(ctx);
  const columns = await whereContains(columnCardsQuery(v.db, v.now), 'c.title', input.q)
    .orderBy([{ column: 'c.sort' }, { column: 'c.id' }])
    .limit(input.limit);
  const articles = await whereContains(articleCardsQuery(v.db, v.now), 'a.title', input.q)
    .orderBy([
      { column: 'a.publish_at', order: 'desc' },
      { column: 'a.id', order: 'desc' },
    ])
    .limit(input.limit);
  return {
    columns: await withPromotions(v.db, v.now, 'column', columns.map(toColumnCard)),
    articles: await withPromotions(v.db, v.now, 'article', await toLockedCards(v, articles)),
  };
}
