import type { Knex } from 'knex';
import { AppError, notFound } from '../../runtime/errors';
import { toBool, toIso, toNum } from '../../db/values';
import { orWhereContains, whereContains } from '../../db/like';
import { isUploadedCover } from './cover';
import { rowPatch } from '../../db/row-patch';
import type { RenderedArticle } from '../content/render';
import type { MediaStore } from '../../ports/media-store';
import { signImages } from '../content/media-refs';

// markdown-it and sanitize-html (with postcss) are most of this function's cold start; only
// saves and previews need them, so they load on first use.
async function renderArticle(bodyMd: string, ratio: number): Promise<RenderedArticle> {
  const { renderArticle: render } = await import('../content/render');
  return render(bodyMd, ratio);
}
import { auditActorOf, inAuditedTransaction } from '../audit/audited-transaction';
import type { ServiceContext } from '../../runtime/service-context';
import type { ArticleStatus, ColumnStatus } from './statuses';
import { priceChangeNotice, productIdOf, productIdPatch } from '../payments/virtual-goods';
import { dropColumnOutline, lockColumnOutlines, refreshColumnCompletion } from '../reporting/column-completion.repo';

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
  work: (trx: Knex.Transaction) => Promise<{ id: number | string; before?: unknown; after?: unknown; result: T; unchanged?: boolean }>,
): Promise<T> {
  return inAuditedTransaction(ctx.db, auditActorOf(ctx), async (trx) => {
    const out = await work(trx);
    if (out.unchanged) return { result: out.result, audit: null };
    return { result: out.result, audit: { action, targetType, targetId: out.id, before: out.before, after: out.after } };
  });
}

/**
 * Whether a patch would leave the record as it is, judged by what the CMS sees of it (`view`
 * normalises the drivers' booleans, numbers and dates). The CMS forms send every field, so
 * saving an untouched form is common; it must not write, move updated_at or add an empty audit row.
 */
function unchangedBy(view: (r: Row) => unknown, current: Row, patch: Row): boolean {
  return JSON.stringify(view(current)) === JSON.stringify(view({ ...current, ...patch }));
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
    /** The 道具 id virtual payment sells this column as (stored, or the stable `col_<id>`). */
    productId: productIdOf('column', Number(r.id), r.product_id),
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
  /** null / '' = the default `col_<id>`. */
  productId?: string | null;
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
export async function getColumnTree(db: Knex, id: number, media?: MediaStore) {
  const view = columnView(await columnOr404(db, id));
  // The CMS shows an uploaded cover through a short-lived link; other covers are addresses already.
  const coverUrl = media && isUploadedCover(view.cover) ? await media.signedUrl(view.cover, { ttlSec: 3600 }).catch(() => null) : null;
  const column = { ...view, coverUrl };
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
      ...(await productIdPatch(trx, input.productId, null)),
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
    const current = await columnOr404(trx, id);
    const before = columnView(current);
    const patch = { ...columnRow(input), ...(await productIdPatch(trx, input.productId, { itemType: 'column', itemId: id })) };
    if (unchangedBy(columnView, current, patch)) return { id, result: before, unchanged: true };
    await trx('columns')
      .where({ id })
      .update({ ...patch, updated_at: ctx.now });
    const after = columnView(await columnOr404(trx, id));
    const notice = priceChangeNotice(after.productId, before.priceFen, after.priceFen);
    return { id, before, after, result: notice ? { ...after, virtualGoodsNotice: notice } : after };
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
    await dropColumnOutline(trx, id);
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
    const current = await chapterOr404(trx, id);
    const before = chapterView(current);
    const patch = input.title !== undefined ? { title: input.title } : {};
    if (unchangedBy(chapterView, current, patch)) return { id, result: before, unchanged: true };
    await trx('chapters')
      .where({ id })
      .update({ ...patch, updated_at: ctx.now });
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
    await lockColumnOutlines(trx, [columnId]);
    const current = (
      await trx('chapters')
        .where({ column_id: columnId })
        .orderBy([{ column: 'sort' }, { column: 'id' }])
        .select('id')
    ).map((r) => Number(r.id));
    if (!sameSet(current, ids)) throw conflict('章节列表已变化，请刷新后再排序');
    await applyOrder(trx, 'chapters', { column_id: columnId }, ids, { updated_at: ctx.now });
    await refreshColumnCompletion(trx, [columnId]); // the reading order moved
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
  'audio_name',
  'video_name',
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
    audio: r.audio_file_id
      ? { fileId: r.audio_file_id as string, durationSec: toNum(r.audio_duration_sec), name: String(r.audio_name ?? '') }
      : null,
    video: r.video_file_id
      ? { fileId: r.video_file_id as string, durationSec: toNum(r.video_duration_sec), name: String(r.video_name ?? '') }
      : null,
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
    /** The 道具 id virtual payment sells this article alone as (stored, or the stable `art_<id>`). */
    productId: productIdOf('article', Number(r.id), r.product_id),
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
  /** The uploaded file's own name, for the editor. */
  name?: string;
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
  /** null / '' = the default `art_<id>`. */
  productId?: string | null;
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
    row.audio_name = i.audio?.name ?? '';
  }
  if (i.video !== undefined) {
    row.video_file_id = i.video?.fileId ?? null;
    row.video_duration_sec = i.video?.durationSec ?? null;
    row.video_name = i.video?.name ?? '';
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
      // Content search: the title, the summary or the markdown source contains the text.
      if (q.q) {
        const text = q.q;
        b.where((w) => {
          whereContains(w, 'title', text);
          orWhereContains(w, 'summary', text);
          orWhereContains(w, 'body_md', text);
        });
      }
    })
    .orderBy([{ column: 'column_id' }, { column: 'sort' }, { column: 'id' }])
    .limit(500)
    .select(ARTICLE_LIST_COLUMNS);
  return { items: rows.map(articleListView) };
}

export async function getArticle(db: Knex, id: number) {
  return articleView(await articleOr404(db, id));
}

/**
 * What a save would produce, without saving: the editor's server-side preview, with its images
 * signed for the creator (the one markdown pipeline; the CMS has none of its own).
 */
export async function renderPreview(media: MediaStore, bodyMd: string, previewRatio = 30): Promise<RenderedArticle> {
  const rendered = await renderArticle(bodyMd, previewRatio);
  const [html, previewHtml, paidHtml] = await Promise.all(
    [rendered.html, rendered.previewHtml, rendered.paidHtml].map((part) => signImages(part, media)),
  );
  return { ...rendered, html, previewHtml, paidHtml };
}

/** The editor's view of an article: its audio and video with a playable link for the creator. */
export async function getArticleForEditor(db: Knex, media: MediaStore, id: number) {
  const article = articleView(await articleOr404(db, id));
  const link = async (m: { fileId: string; durationSec: number; name: string } | null) => {
    if (!m) return null;
    const url = await media.signedUrl(m.fileId, { ttlSec: 3600 }).catch(() => null);
    return { ...m, url };
  };
  const [audio, video] = await Promise.all([link(article.audio), link(article.video)]);
  return { ...article, audio, video };
}

export async function createArticle(ctx: Ctx, input: ArticleInput) {
  return audited(ctx, 'article.create', 'article', async (trx) => {
    await checkPlacement(trx, input.columnId, input.chapterId);
    const max = await trx('articles').where({ column_id: input.columnId }).max('sort as m').first();
    const [id] = await trx('articles').insert({
      summary: '',
      preview_ratio: 30,
      ...(await articleRow({ previewRatio: 30, ...input }, null)),
      ...(await productIdPatch(trx, input.productId, null)),
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
    const currentChapter = current.chapter_id === null ? null : Number(current.chapter_id);
    // A move (column or chapter) changes the dashboard's column outlines: their columns are locked before the article.
    const moves = columnId !== Number(current.column_id) || chapterId !== currentChapter;
    if (moves) await lockColumnOutlines(trx, [Number(current.column_id), columnId]);
    if (input.columnId !== undefined || input.chapterId !== undefined) await checkPlacement(trx, columnId, chapterId);
    // Moving to another column without naming a chapter leaves it unassigned there.
    const patch: Row = {
      ...(await articleRow(input, current)),
      ...(await productIdPatch(trx, input.productId, { itemType: 'article', itemId: id })),
    };
    if (input.columnId !== undefined && input.columnId !== Number(current.column_id) && input.chapterId === undefined)
      patch.chapter_id = null;
    // The rendered html counts too (articleView carries it): a re-render that differs is saved.
    if (unchangedBy(articleView, current, patch)) return { id, result: articleView(current), unchanged: true };
    await trx('articles')
      .where({ id })
      .update({ ...patch, updated_at: ctx.now });
    if (moves) await refreshColumnCompletion(trx, [Number(current.column_id), columnId]);
    const row = await articleOr404(trx, id);
    const view = articleView(row);
    const notice = priceChangeNotice(view.productId, current.price_fen === null ? null : toNum(current.price_fen), view.priceFen);
    return { id, before: articleAudit(current), after: articleAudit(row), result: notice ? { ...view, virtualGoodsNotice: notice } : view };
  });
}

/** A minute of slack for the time the creator spent in the dialog after picking "now-ish". */
const PUBLISH_AT_SLACK_MS = 60_000;

/** Publishing releases at `publishAt` (a future time schedules it), or now. */
export async function publishArticle(ctx: Ctx, id: number, publishAt?: string) {
  return audited(ctx, 'article.publish', 'article', async (trx) => {
    const current = await articleOr404(trx, id);
    await lockColumnOutlines(trx, [Number(current.column_id)]);
    if (!String(current.body_md ?? '').trim()) throw conflict('正文为空，不能发布');
    // A time already gone would publish at once while the creator believes it scheduled.
    if (publishAt && new Date(publishAt).getTime() < ctx.now.getTime() - PUBLISH_AT_SLACK_MS)
      throw badField('publishAt', '定时发布时间已经过去，请选择将来的时间，或选择立即发布');
    await trx('articles')
      .where({ id })
      .update({ status: 'published', publish_at: publishAt ? new Date(publishAt) : ctx.now, updated_at: ctx.now });
    await refreshColumnCompletion(trx, [Number(current.column_id)]);
    const row = await articleOr404(trx, id);
    return { id, before: articleListView(current), after: articleListView(row), result: articleView(row) };
  });
}

export async function unpublishArticle(ctx: Ctx, id: number) {
  return audited(ctx, 'article.unpublish', 'article', async (trx) => {
    const current = await articleOr404(trx, id);
    await lockColumnOutlines(trx, [Number(current.column_id)]);
    await trx('articles').where({ id }).update({ status: 'draft', updated_at: ctx.now });
    await refreshColumnCompletion(trx, [Number(current.column_id)]);
    const row = await articleOr404(trx, id);
    return { id, before: articleListView(current), after: articleListView(row), result: articleView(row) };
  });
}

/** Sold, read or discussed articles stay (unpublish instead): orders, progress and comments point at them. */
export async function deleteArticle(ctx: Ctx, id: number) {
  return audited(ctx, 'article.delete', 'article', async (trx) => {
    const current = await articleOr404(trx, id);
    await lockColumnOutlines(trx, [Number(current.column_id)]);
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
    await refreshColumnCompletion(trx, [Number(current.column_id)]);
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
    await lockColumnOutlines(trx, [columnId]);
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
    await refreshColumnCompletion(trx, [columnId]);
    return { id: columnId, before, after: { chapterId, ids }, result: { chapterId, ids } };
  });
}
