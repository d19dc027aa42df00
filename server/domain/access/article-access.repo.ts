import type { Knex } from 'knex';
import { toNum } from '../../db/values';
import { dbClientOf } from '../../db/dialect';
import { ARTICLE_CARD_COLUMNS } from '../catalog/cards';
import { whereArticleReleased, whereColumnReadable } from '../catalog/visibility';
import type { EntitlementFacts, PlacedArticleFacts } from './access.policy';
import { placedFactsOf } from './reading';
import { toEntitlementFacts } from '../entitlements/entitlement.repo';

/** One readable article with everything its page needs — server-only fields included. */
export interface ArticleForReading {
  facts: PlacedArticleFacts;
  /** Card fields (ARTICLE_CARD_COLUMNS) plus has_audio/has_video, ready for toArticleCard. */
  cardRow: Record<string, unknown>;
  bodyHtml: string;
  previewHtml: string;
  audio: { fileId: string; durationSec: number } | null;
  video: { fileId: string; durationSec: number } | null;
  entitlements: EntitlementFacts[];
  likeCount: number;
  /** This viewer's like and favorite (false for anonymous callers). */
  liked: boolean;
  favorited: boolean;
}

const ARTICLE_COLUMNS = [
  ...ARTICLE_CARD_COLUMNS,
  'c.status as column_status',
  'a.status',
  'a.body_html',
  'a.preview_html',
  'a.audio_file_id',
  'a.video_file_id',
  'a.like_count',
];
const ENTITLEMENT_COLUMNS = [
  'e.scope as e_scope',
  'e.item_id as e_item_id',
  'e.starts_at as e_starts_at',
  'e.expires_at as e_expires_at',
  'e.revoked_at as e_revoked_at',
];
const VIEWER_MARK_COLUMNS = ['x.viewer_liked', 'x.viewer_favorited'];
const nameOf = (col: string) => (col.includes(' as ') ? col.split(' as ')[1] : col.split('.')[1]);

/**
 * The article, its column's status and member_included, and the viewer's entitlements that can
 * bear on it — in ONE statement (one database round trip): a UNION ALL of the article row
 * (`row_kind` 0) and the viewer's entitlements on the article, on its column, or memberships
 * (`row_kind` 1), served by the index (user_id, scope, item_id). A LEFT JOIN would say the same
 * but repeat the bodies once per matching entitlement, which measurably costs more to ship and
 * decode than the join saves. Unreleased articles and draft columns yield no article row, so
 * they are indistinguishable from ids that never existed.
 */
export function articleForReadingQuery(db: Knex, articleId: number, viewerId: number | null, now: Date): Knex.QueryBuilder {
  const nulls = (cols: string[]) => cols.map((col) => db.raw(`NULL as ${nameOf(col)}`));
  // The viewer's like and favorite ride on the article row: two primary-key probes, no extra round trip.
  const viewerMarks =
    viewerId === null
      ? []
      : [
          db.raw(
            "(SELECT COUNT(*) FROM likes l WHERE l.user_id = ? AND l.target_type = 'article' AND l.target_id = a.id) as viewer_liked",
            [viewerId],
          ),
          db.raw('(SELECT COUNT(*) FROM favorites f WHERE f.user_id = ? AND f.article_id = a.id) as viewer_favorited', [viewerId]),
        ];
  const q = db('articles as a')
    .join('columns as c', 'c.id', 'a.column_id')
    .select(db.raw('0 as row_kind'), ...ARTICLE_COLUMNS, ...viewerMarks, ...(viewerId === null ? [] : nulls(ENTITLEMENT_COLUMNS)))
    .where('a.id', articleId);
  whereColumnReadable(whereArticleReleased(q, now));
  if (viewerId !== null) {
    q.unionAll((u) =>
      u
        .from('entitlements as e')
        .join('articles as a', (j) => j.on('a.id', '=', db.raw('?', [articleId])))
        .select(db.raw('1 as row_kind'), ...nulls(ARTICLE_COLUMNS), ...nulls(VIEWER_MARK_COLUMNS), ...ENTITLEMENT_COLUMNS)
        .where('e.user_id', viewerId)
        .whereNull('e.revoked_at')
        .andWhere((m) =>
          m
            .where((x) => x.where('e.scope', 'article').andWhereRaw('e.item_id = a.id'))
            .orWhere((x) => x.where('e.scope', 'column').andWhereRaw('e.item_id = a.column_id'))
            .orWhere('e.scope', 'membership'),
        ),
    );
  }
  return q;
}

interface CompiledStatement {
  sql: string;
  bindings: unknown[];
  slots: { articleId: number[]; viewerId: number[]; now: number[] };
}

// Sentinels no real value can equal: compiling once with them tells where each parameter goes.
const SENTINEL = { articleId: -7_301_001, viewerId: -7_301_002, now: new Date(-7_301_003) };
const compiled = new WeakMap<Knex, { anonymous?: CompiledStatement; viewer?: CompiledStatement }>();

/**
 * This statement runs on every article open; its text never changes, only its parameters. Building
 * and compiling it with knex costs more CPU than executing it, so it is compiled once per knex
 * instance and reused with fresh bindings (placed by finding the sentinels above).
 */
function statementFor(
  db: Knex,
  articleId: number,
  viewerId: number | null,
  now: Date,
): { sql: string; bindings: readonly Knex.RawBinding[] } {
  const kind = viewerId === null ? 'anonymous' : 'viewer';
  let cache = compiled.get(db);
  if (!cache) compiled.set(db, (cache = {}));
  let stmt = cache[kind];
  if (!stmt) {
    const native = articleForReadingQuery(db, SENTINEL.articleId, viewerId === null ? null : SENTINEL.viewerId, SENTINEL.now)
      .toSQL()
      .toNative();
    const bindings = [...native.bindings] as unknown[];
    const at = (value: unknown) =>
      bindings.flatMap((b, i) => ((b instanceof Date && value instanceof Date ? b.getTime() === value.getTime() : b === value) ? [i] : []));
    stmt = {
      sql: native.sql,
      bindings,
      slots: { articleId: at(SENTINEL.articleId), viewerId: at(SENTINEL.viewerId), now: at(SENTINEL.now) },
    };
    if (!stmt.slots.articleId.length || !stmt.slots.now.length || (viewerId !== null && !stmt.slots.viewerId.length)) {
      throw new Error('article access statement: a parameter was not found in the compiled bindings');
    }
    cache[kind] = stmt;
  }
  const bindings = [...stmt.bindings];
  for (const i of stmt.slots.articleId) bindings[i] = articleId;
  for (const i of stmt.slots.now) bindings[i] = now;
  if (viewerId !== null) for (const i of stmt.slots.viewerId) bindings[i] = viewerId;
  return { sql: stmt.sql, bindings: bindings as Knex.RawBinding[] };
}

/** Rows of a raw SELECT, evened out across drivers (mysql2 answers [rows, fields]). */
function rowsOf(db: Knex, result: unknown): Array<Record<string, unknown>> {
  return (dbClientOf(db) === 'mysql' ? (result as [Array<Record<string, unknown>>])[0] : result) as Array<Record<string, unknown>>;
}

export async function loadArticleForReading(
  db: Knex,
  articleId: number,
  viewerId: number | null,
  now: Date,
): Promise<ArticleForReading | null> {
  const { sql, bindings } = statementFor(db, articleId, viewerId, now);
  const rows = rowsOf(db, await db.raw(sql, bindings));
  const first = rows.find((r) => Number(r.row_kind) === 0);
  if (!first) return null;
  const entitlements = rows
    .filter((r) => Number(r.row_kind) === 1)
    .map((r) =>
      toEntitlementFacts({
        scope: String(r.e_scope),
        item_id: Number(r.e_item_id),
        starts_at: r.e_starts_at,
        expires_at: r.e_expires_at,
        revoked_at: r.e_revoked_at,
      }),
    );
  const media = (fileId: unknown, duration: unknown) =>
    fileId === null || fileId === undefined || fileId === '' ? null : { fileId: String(fileId), durationSec: Number(duration ?? 0) };
  const audio = media(first.audio_file_id, first.audio_duration_sec);
  const video = media(first.video_file_id, first.video_duration_sec);
  const cardRow: Record<string, unknown> = {};
  for (const col of ARTICLE_CARD_COLUMNS) {
    const key = col.split('.')[1];
    cardRow[key] = first[key];
  }
  cardRow.has_audio = audio !== null;
  cardRow.has_video = video !== null;
  return {
    facts: placedFactsOf(first),
    cardRow,
    bodyHtml: String(first.body_html ?? ''),
    previewHtml: String(first.preview_html ?? ''),
    audio,
    video,
    entitlements,
    likeCount: toNum(first.like_count),
    liked: toNum(first.viewer_liked) > 0,
    favorited: toNum(first.viewer_favorited) > 0,
  };
}
