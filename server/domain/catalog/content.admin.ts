import type { Knex } from 'knex';
import { AppError, notFound } from '../../runtime/errors';
import { toBool, toIso, toNum } from '../../db/values';
import { whereContains } from '../../db/like';
import { rowPatch } from '../../db/row-patch';
import type { RenderedArticle } from '../content/render';

// markdown-it and sanitize-html (with postcss) are most of this function's cold start; only
// saves and previews need them, so they load on first use.
async function renderArticle(bodyMd: string, ratio: number): Promise<RenderedArticle> {
  const { renderArticle: render } = await import('../content/render');
  return render(bodyMd, ratio);
}
import { auditActorOf, inAuditedTransaction } from '../audit/audited-transaction';
import type { ServiceContext } from '../../runtime/service-context';
import type { ArticleStatus, ColumnStatus } from './statuses';

/**
 * The CMS side of content: drafts, publishing, ordering and the article body pipeline
 * (markdown → sanitized html + server-cut preview, via content/render.ts). Every write runs in a
 * transaction together with its audit row.
 */
export type Ctx = Pick<ServiceContext, 'db' | 'now' | 'actor'>;

type Row = Record<string, any>;

const conflict = (message: string) => new AppError('CONFLICT', message);
const badField = (field: string, message: string) => new AppError('INVALID_INPUT', message, [{ field, message }]);

async function audited<T>(
  ctx: Ctx,
  action: string,
  targetType: string,
  work: (trx: Knex.Transaction) => Promise<{ id: number | string; before?: unknown; after?: unknown; result: T }>,
): Promise<T> {
  return inAuditedTransaction(ctx.db, auditActorOf(ctx), async (trx) => {
    const out = await work(trx);
    return { result: out.result, audit: { action, targetType, targetId: out.id, before: out.before, after: out.after } };
  });
}

// ---------------------------------------------------------------- columns

export function columnView(r: Row) {
  return {
    id: Number(r.id),
    title: r.title,
    subtitle: r.subtitle,
    intro: r.intro,
    cover: r.cover,
    priceFen: toNum(r.price_fen),
    memberIncluded: toBool(r.member_included),
    status: r.status as ColumnStatus,
    sort: toNum(r.sort),
    publishedAt: toIso(r.published_at),
    createdAt: toIso(r.created_at),
    updatedAt: toIso(r.updated_at),
  };
}

export interface ColumnInput {
  title: string;
  subtitle?: string;
  intro?: string;
  cover?: string;
  priceFen: number;
  memberIncluded: boolean;
}

const columnRow = (i: Partial<ColumnInput>) =>
  rowPatch<ColumnInput>(i, {
    title: 'title',
    subtitle: 'subtitle',
    intro: 'intro',
    cover: 'cover',
    priceFen: 'price_fen',
    memberIncluded: 'member_included',
  });

async function columnOr404(db: Knex | Knex.Transaction, id: number): Promise<Row> {
  const row = await db('columns').where({ id }).first();
  if (!row) throw notFound('专栏不存在');
  return row;
}

export async function listColumns(db: Knex, q: { status?: string; q?: string }) {
  const counts = db('articles').select('column_id').count('* as article_count').groupBy('column_id').as('ac');
  const rows = await db('columns as c')
    .leftJoin(counts, 'ac.column_id', 'c.id')
    .modify((b) => {
      if (q.status) b.where('c.status', q.status);
      if (q.q) whereContains(b, 'c.title', q.q);
    })
    .orderBy([{ column: 'c.sort' }, { column: 'c.id' }])
    .select('c.*', 'ac.article_count');
  return { items: rows.map((r: Row) => ({ ...columnView(r), articleCount: toNum(r.article_count) })) };
}

/** A column with its chapters and every article (any status) — the CMS content tree. */
export async function getColumnTree(db: Knex, id: number) {
  const column = columnView(await columnOr404(db, id));
  const chapters = await db('chapters')
    .where({ column_id: id })
    .orderBy([{ column: 'sort' }, { column: 'id' }]);
  const articles = await db('articles')
    .where({ column_id: id })
    .orderBy([{ column: 'sort' }, { column: 'id' }])
    .select(ARTICLE_LIST_COLUMNS);
  const items = articles.map(articleListView);
  return {
    column,
    chapters: chapters.map((c) => ({ ...chapterView(c), articles: items.filter((a) => a.chapterId === Number(c.id)) })),
    /** Articles not in any chapter yet. */
    unassigned: items.filter((a) => a.chapterId === null),
  };
}

export async function createColumn(ctx: Ctx, input: ColumnInput) {
  return audited(ctx, 'column.create', 'column', async (trx) => {
    const max = await trx('columns').max('sort as m').first();
    const [id] = await trx('columns').insert({
      subtitle: '',
      intro: '',
      cover: '',
      ...columnRow(input),
      status: 'draft',
      sort: toNum(max?.m) + 1,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    const after = columnView(await columnOr404(trx, Number(id)));
    return { id: Number(id), after, result: after };
  });
}

export async function updateColumn(ctx: Ctx, id: number, input: Partial<ColumnInput>) {
  return audited(ctx, 'column.update', 'column', async (trx) => {
    const before = columnView(await columnOr404(trx, id));
    await trx('columns')
      .where({ id })
      .update({ ...columnRow(input), updated_at: ctx.now });
    const after = columnView(await columnOr404(trx, id));
    return { id, before, after, result: after };
  });
}

export async function setColumnStatus(ctx: Ctx, id: number, status: ColumnStatus) {
  const action = status === 'published' ? 'column.publish' : status === 'archived' ? 'column.archive' : 'column.unpublish';
  return audited(ctx, action, 'column', async (trx) => {
    const row = await columnOr404(trx, id);
    const before = columnView(row);
    await trx('columns')
      .where({ id })
      .update({ status, published_at: status === 'published' && !row.published_at ? ctx.now : row.published_at, updated_at: ctx.now });
    const after = columnView(await columnOr404(trx, id));
    return { id, before, after, result: after };
  });
}

/** Only an empty column may go: anything sold or read in it must stay answerable. */
export async function deleteColumn(ctx: Ctx, id: number) {
  return audited(ctx, 'column.delete', 'column', async (trx) => {
    const before = columnView(await columnOr404(trx, id));
    await refuseIfReferenced(trx, [
      ['articles', { column_id: id }, '专栏下还有文章，请先删除或移走文章，或将专栏下架'],
      ['entitlements', { scope: 'column', item_id: id }, '专栏已有订单或授权，不能删除，可以下架'],
      ['orders', { item_type: 'column', item_id: id }, '专栏已有订单或授权，不能删除，可以下架'],
    ]);
    await trx('chapters').where({ column_id: id }).delete();
    await trx('columns').where({ id }).delete();
    return { id, before, result: { deleted: true } };
  });
}

/** Deleting is refused (CONFLICT, with the first matching message) while rows still point at the target. */
async function refuseIfReferenced(trx: Knex.Transaction, checks: ReadonlyArray<readonly [string, Row, string]>): Promise<void> {
  for (const [table, where, message] of checks) {
    const n = await trx(table).where(where).count('* as n').first();
    if (toNum(n?.n) > 0) throw conflict(message);
  }
}

/** `ids` must be exactly the current set, so a stale tab cannot drop a row from the order. */
async function applyOrder(trx: Knex.Transaction, table: string, scope: Row, ids: number[], extra: Row = {}) {
  for (const [index, id] of ids.entries()) {
    await trx(table)
      .where({ id, ...scope })
      .update({ sort: index, ...extra });
  }
}

function sameSet(a: number[], b: number[]) {
  return (
    a.length === b.length && new Set(a).size === a.length && [...a].sort((x, y) => x - y).join() === [...b].sort((x, y) => x - y).join()
  );
}

export async function reorderColumns(ctx: Ctx, ids: number[]) {
  return audited(ctx, 'column.reorder', 'column', async (trx) => {
    const current = (
      await trx('columns')
        .select('id')
        .orderBy([{ column: 'sort' }, { column: 'id' }])
    ).map((r) => Number(r.id));
    if (!sameSet(current, ids)) throw conflict('专栏列表已变化，请刷新后再排序');
    await applyOrder(trx, 'columns', {}, ids, { updated_at: ctx.now });
    return { id: 'all', before: current, after: ids, result: { ids } };
  });
}

// ---------------------------------------------------------------- chapters

function chapterView(r: Row) {
  return { id: Number(r.id), columnId: Number(r.column_id), title: r.title, sort: toNum(r.sort) };
}

async function chapterOr404(db: Knex | Knex.Transaction, id: number): Promise<Row> {
  const row = await db('chapters').where({ id }).first();
  if (!row) throw notFound('章节不存在');
  return row;
}

export async function listChapters(db: Knex, columnId: number) {
  await columnOr404(db, columnId);
  const rows = await db('chapters')
    .where({ column_id: columnId })
    .orderBy([{ column: 'sort' }, { column: 'id' }]);
  return { items: rows.map(chapterView) };
}

export async function getChapter(db: Knex, id: number) {
  return chapterView(await chapterOr404(db, id));
}

export async function createChapter(ctx: Ctx, input: { columnId: number; title: string }) {
  return audited(ctx, 'chapter.create', 'chapter', async (trx) => {
    await columnOr404(trx, input.columnId);
    const max = await trx('chapters').where({ column_id: input.columnId }).max('sort as m').first();
    const [id] = await trx('chapters').insert({
      column_id: input.columnId,
      title: input.title,
      sort: toNum(max?.m) + 1,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    const after = chapterView(await chapterOr404(trx, Number(id)));
    return { id: Number(id), after, result: after };
  });
}

export async function updateChapter(ctx: Ctx, id: number, input: { title?: string }) {
  return audited(ctx, 'chapter.update', 'chapter', async (trx) => {
    const before = chapterView(await chapterOr404(trx, id));
    if (input.title !== undefined) await trx('chapters').where({ id }).update({ title: input.title, updated_at: ctx.now });
    const after = chapterView(await chapterOr404(trx, id));
    return { id, before, after, result: after };
  });
}

export async function deleteChapter(ctx: Ctx, id: number) {
  return audited(ctx, 'chapter.delete', 'chapter', async (trx) => {
    const before = chapterView(await chapterOr404(trx, id));
    await refuseIfReferenced(trx, [['articles', { chapter_id: id }, '章节下还有文章，请先移走或删除文章']]);
    await trx('chapters').where({ id }).delete();
    return { id, before, result: { deleted: true } };
  });
}

export async function reorderChapters(ctx: Ctx, columnId: number, ids: number[]) {
  return audited(ctx, 'chapter.reorder', 'column', async (trx) => {
    await columnOr404(trx, columnId);
    const current = (
      await trx('chapters')
        .where({ column_id: columnId })
        .orderBy([{ column: 'sort' }, { column: 'id' }])
        .select('id')
    ).map((r) => Number(r.id));
    if (!sameSet(current, ids)) throw conflict('章节列表已变化，请刷新后再排序');
    await applyOrder(trx, 'chapters', { column_id: columnId }, ids, { updated_at: ctx.now });
    return { id: columnId, before: current, after: ids, result: { ids } };
  });
}

// ---------------------------------------------------------------- articles

const ARTICLE_LIST_COLUMNS = [
  'id',
  'column_id',
  'chapter_id',
  'title',
  'summary',
  'is_free',
  'price_fen',
  'status',
  'publish_at',
  'sort',
  'audio_file_id',
  'audio_duration_sec',
  'video_file_id',
  'video_duration_sec',
  'created_at',
  'updated_at',
];

function articleListView(r: Row) {
  return {
    id: Number(r.id),
    columnId: Number(r.column_id),
    chapterId: r.chapter_id === null || r.chapter_id === undefined ? null : Number(r.chapter_id),
    title: r.title,
    summary: r.summary,
    isFree: toBool(r.is_free),
    priceFen: r.price_fen === null ? null : toNum(r.price_fen),
    status: r.status as ArticleStatus,
    publishAt: toIso(r.publish_at),
    sort: toNum(r.sort),
    audio: r.audio_file_id ? { fileId: r.audio_file_id as string, durationSec: toNum(r.audio_duration_sec) } : null,
    video: r.video_file_id ? { fileId: r.video_file_id as string, durationSec: toNum(r.video_duration_sec) } : null,
    createdAt: toIso(r.created_at),
    updatedAt: toIso(r.updated_at),
  };
}

function articleView(r: Row) {
  return {
    ...articleListView(r),
    bodyMd: r.body_md as string,
    html: r.body_html as string,
    previewHtml: r.preview_html as string,
    previewRatio: toNum(r.preview_ratio),
  };
}

/** What the audit trail keeps of an article: everything but the (large) rendered html. */
function articleAudit(r: Row) {
  const { html: _html, previewHtml: _preview, ...rest } = articleView(r);
  return rest;
}

async function articleOr404(db: Knex | Knex.Transaction, id: number): Promise<Row> {
  const row = await db('articles').where({ id }).first();
  if (!row) throw notFound('文章不存在');
  return row;
}

export interface MediaRef {
  fileId: string;
  durationSec: number;
}

export interface ArticleInput {
  columnId: number;
  chapterId: number | null;
  title: string;
  summary?: string;
  bodyMd: string;
  isFree: boolean;
  priceFen: number | null;
  previewRatio?: number;
  audio?: MediaRef | null;
  video?: MediaRef | null;
  publishAt?: string | null;
}

async function checkPlacement(trx: Knex.Transaction, columnId: number, chapterId: number | null) {
  await columnOr404(trx, columnId);
  if (chapterId !== null) {
    const chapter = await trx('chapters').where({ id: chapterId }).first('column_id');
    if (!chapter || Number(chapter.column_id) !== columnId) throw badField('chapterId', '章节不属于该专栏');
  }
}

async function articleRow(i: Partial<ArticleInput>, current: Row | null) {
  const row: Row = rowPatch<ArticleInput>(i, {
    columnId: 'column_id',
    chapterId: 'chapter_id',
    title: 'title',
    summary: 'summary',
    isFree: 'is_free',
    priceFen: 'price_fen',
    previewRatio: 'preview_ratio',
  });
  if (i.audio !== undefined) {
    row.audio_file_id = i.audio?.fileId ?? null;
    row.audio_duration_sec = i.audio?.durationSec ?? null;
  }
  if (i.video !== undefined) {
    row.video_file_id = i.video?.fileId ?? null;
    row.video_duration_sec = i.video?.durationSec ?? null;
  }
  if (i.publishAt !== undefined) row.publish_at = i.publishAt === null ? null : new Date(i.publishAt);
  // The body is rendered and sanitized on every save that touches it or its preview ratio.
  if (i.bodyMd !== undefined || i.previewRatio !== undefined) {
    const source = i.bodyMd ?? (current?.body_md as string);
    const ratio = i.previewRatio ?? toNum(current?.preview_ratio ?? 30);
    const rendered = await renderArticle(source, ratio);
    row.body_md = source;
    row.body_html = rendered.html;
    row.preview_html = rendered.previewHtml;
  }
  return row;
}

export async function listArticles(db: Knex, q: { columnId?: number; chapterId?: number; status?: string; q?: string }) {
  const rows = await db('articles')
    .modify((b) => {
      if (q.columnId) b.where('column_id', q.columnId);
      if (q.chapterId) b.where('chapter_id', q.chapterId);
      if (q.status) b.where('status', q.status);
      if (q.q) whereContains(b, 'title', q.q);
    })
    .orderBy([{ column: 'column_id' }, { column: 'sort' }, { column: 'id' }])
    .limit(500)
    .select(ARTICLE_LIST_COLUMNS);
  return { items: rows.map(articleListView) };
}

export async function getArticle(db: Knex, id: number) {
  return articleView(await articleOr404(db, id));
}

/** What a save would produce, without saving: the editor's server-side preview. */
export function renderPreview(bodyMd: string, previewRatio = 30): Promise<RenderedArticle> {
  return renderArticle(bodyMd, previewRatio);
}

export async function createArticle(ctx: Ctx, input: ArticleInput) {
  return audited(ctx, 'article.create', 'article', async (trx) => {
    await checkPlacement(trx, input.columnId, input.chapterId);
    const max = await trx('articles').where({ column_id: input.columnId }).max('sort as m').first();
    const [id] = await trx('articles').insert({
      summary: '',
      preview_ratio: 30,
      ...(await articleRow({ previewRatio: 30, ...input }, null)),
      status: 'draft',
      sort: toNum(max?.m) + 1,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    const row = await articleOr404(trx, Number(id));
    return { id: Number(id), after: articleAudit(row), result: articleView(row) };
  });
}

export async function updateArticle(ctx: Ctx, id: number, input: Partial<ArticleInput>) {
  return audited(ctx, 'article.update', 'article', async (trx) => {
    const current = await articleOr404(trx, id);
    const columnId = input.columnId ?? Number(current.column_id);
    const chapterId = input.chapterId !== undefined ? input.chapterId : current.chapter_id === null ? null : Number(current.chapter_id);
    if (input.columnId !== undefined || input.chapterId !== undefined) await checkPlacement(trx, columnId, chapterId);
    // Moving to another column without naming a chapter leaves it unassigned there.
    const patch = await articleRow(input, current);
    if (input.columnId !== undefined && input.columnId !== Number(current.column_id) && input.chapterId === undefined)
      patch.chapter_id = null;
    await trx('articles')
      .where({ id })
      .update({ ...patch, updated_at: ctx.now });
    const row = await articleOr404(trx, id);
    return { id, before: articleAudit(current), after: articleAudit(row), result: articleView(row) };
  });
}

/** Publishing releases at `publishAt` (a future time schedules it), or now. */
export async function publishArticle(ctx: Ctx, id: number, publishAt?: string) {
  return audited(ctx, 'article.publish', 'article', async (trx) => {
    const current = await articleOr404(trx, id);
    if (!String(current.body_md ?? '').trim()) throw conflict('正文为空，不能发布');
    await trx('articles')
      .where({ id })
      .update({ status: 'published', publish_at: publishAt ? new Date(publishAt) : ctx.now, updated_at: ctx.now });
    const row = await articleOr404(trx, id);
    return { id, before: articleListView(current), after: articleListView(row), result: articleView(row) };
  });
}

export async function unpublishArticle(ctx: Ctx, id: number) {
  return audited(ctx, 'article.unpublish', 'article', async (trx) => {
    const current = await articleOr404(trx, id);
    await trx('articles').where({ id }).update({ status: 'draft', updated_at: ctx.now });
    const row = await articleOr404(trx, id);
    return { id, before: articleListView(current), after: articleListView(row), result: articleView(row) };
  });
}

/** Sold, read or discussed articles stay (unpublish instead): orders, progress and comments point at them. */
export async function deleteArticle(ctx: Ctx, id: number) {
  return audited(ctx, 'article.delete', 'article', async (trx) => {
    const current = await articleOr404(trx, id);
    await refuseIfReferenced(
      trx,
      (
        [
          ['orders', { item_type: 'article', item_id: id }, '订单'],
          ['entitlements', { scope: 'article', item_id: id }, '授权'],
          ['reading_progress', { article_id: id }, '学习记录'],
          ['comments', { article_id: id }, '评论'],
        ] as const
      ).map(([table, where, label]) => [table, where, `文章已有${label}，不能删除，可以下架`]),
    );
    await trx('favorites').where({ article_id: id }).delete();
    await trx('likes').where({ target_type: 'article', target_id: id }).delete();
    await trx('articles').where({ id }).delete();
    return { id, before: articleAudit(current), result: { deleted: true } };
  });
}

/**
 * Drag-to-sort: the articles of one chapter (or of no chapter) in their new order. Articles
 * dragged in from another chapter of the same column move into this one.
 */
export async function reorderArticles(ctx: Ctx, columnId: number, chapterId: number | null, ids: number[]) {
  return audited(ctx, 'article.reorder', 'column', async (trx) => {
    await checkPlacement(trx, columnId, chapterId);
    if (new Set(ids).size !== ids.length) throw badField('ids', '文章重复');
    const rows = ids.length ? await trx('articles').whereIn('id', ids).select('id', 'column_id', 'chapter_id') : [];
    if (rows.length !== ids.length || rows.some((r) => Number(r.column_id) !== columnId)) throw badField('ids', '文章不属于该专栏');
    const stay = await trx('articles')
      .where({ column_id: columnId })
      .modify((b) => (chapterId === null ? b.whereNull('chapter_id') : b.where('chapter_id', chapterId)))
      .select('id');
    const missing = stay.map((r: Row) => Number(r.id)).filter((id: number) => !ids.includes(id));
    if (missing.length) throw conflict('章节内文章已变化，请刷新后再排序');
    const before = rows.map((r) => ({ id: Number(r.id), chapterId: r.chapter_id === null ? null : Number(r.chapter_id) }));
    await applyOrder(trx, 'articles', { column_id: columnId }, ids, { chapter_id: chapterId, updated_at: ctx.now });
    return { id: columnId, before, after: { chapterId, ids }, result: { chapterId, ids } };
  });
}
