import type { Knex } from 'knex';
import { toBool, toNum } from '../../db/values';
import { dbClientOf } from '../../db/dialect';
import { compiledStatement, rowsOf, runCompiled } from '../../db/compiled-statement';
import { ARTICLE_CARD_COLUMNS } from '../catalog/cards';
import { whereArticleReleased, whereColumnReadable } from '../catalog/visibility';
import type { EntitlementFacts, PlacedArticleFacts } from './access.policy';
import { placedFactsOf } from './reading';
import { findEntitlementsFor } from '../entitlements/entitlement.repo';
import { parseGrantsDigest } from '../entitlements/grants-digest';

/** One readable article with everything its page needs — server-only fields included. */
export interface ArticleForReading {
  facts: PlacedArticleFacts;
  /** The viewer's users.id, resolved by openid inside the same statement (null: anonymous, or never used the product). */
  viewerId: number | null;
  /** Card fields (ARTICLE_CARD_COLUMNS) plus has_audio/has_video, ready for toArticleCard. */
  cardRow: Record<string, unknown>;
  /**
   * The one body the statement shipped for the viewer: the full html when its SQL reading of the
   * grant said so, otherwise the preview. `undefined` when the other one was shipped; the service
   * trusts `decideReading`, not the SQL, and fetches the other body if ever they disagree
   * (tests/domain/access/reading.test.ts proves they do not over the whole matrix).
   */
  bodyHtml: string | undefined;
  previewHtml: string | undefined;
  audio: { fileId: string; durationSec: number } | null;
  video: { fileId: string; durationSec: number } | null;
  entitlements: EntitlementFacts[];
  /** A known viewer whose grants digest did not hold (see `ViewerArticle`). */
  digestStale: boolean;
  likeCount: number;
  /** This viewer's like and favorite (false for anonymous callers). */
  liked: boolean;
  favorited: boolean;
}

const ARTICLE_COLUMNS = [
  ...ARTICLE_CARD_COLUMNS,
  'c.status as column_status',
  'a.status',
  'a.audio_file_id',
  'a.video_file_id',
  'a.like_count',
];

/**
 * Whether now is inside the span of the viewer's grants digest (grants-digest.ts): computed (a
 * null start is never), and neither over nor not yet begun. Inside it, a digest present is the
 * active set; a null one means too many grants to keep one.
 */
function spanHolds(db: Knex, now: Date): Knex.Raw {
  return db.raw('(u.grants_valid_from <= ? AND (u.grants_valid_until IS NULL OR u.grants_valid_until > ?))', [now, now]);
}

/**
 * `decideAccess` read in SQL for the body the row ships: free, or an active bearing grant found
 * in the viewer's digest by its key — on the article, on its column, or a membership when the
 * column is member-included (every entry of a holding digest is active). When the digest does
 * not hold, only free articles ship in full; the service then reads the entitlements and, if
 * they grant, the body (a stale digest costs two more round trips, once: the read recomputes it).
 */
function grantedInSql(db: Knex, now: Date): Knex.Raw {
  const key = (code: string, column: string) =>
    dbClientOf(db) === 'mysql'
      ? `INSTR(u.grants_digest, CONCAT(';${code},', ${column}, ',')) > 0`
      : `INSTR(u.grants_digest, ';${code},' || ${column} || ',') > 0`;
  const inDigest = `(${key('a', 'a.id')} OR ${key('c', 'a.column_id')} OR (c.member_included = 1 AND INSTR(u.grants_digest, ';m,') > 0))`;
  // INSTR on a null digest is null: not granted by SQL, so the service reads the entitlements.
  return db.raw(`(a.is_free = 1 OR (? AND ${inDigest}))`, [spanHolds(db, now)]);
}

/**
 * The article (its facts for `decideReading`) and the viewer (users.id by openid — the Identity
 * port's lookup) with their grants digest when it holds, as ONE row: every join is on a unique
 * key, and the viewer's grants come with their users row — no entitlements index is read.
 * Callers add their own columns and joins (`u` is the viewer). Unreleased articles and draft
 * columns yield no row, so they are indistinguishable from ids that never existed. An anonymous
 * caller (`openid` null) gets the article alone.
 */
export function viewerArticleQuery(db: Knex, articleId: number, openid: string | null, now: Date): Knex.QueryBuilder {
  const q = db('articles as a')
    .join('columns as c', 'c.id', 'a.column_id')
    .where('a.id', articleId)
    .select(...ARTICLE_COLUMNS);
  if (openid !== null) {
    const holds = spanHolds(db, now);
    q.leftJoin('users as u', 'u.openid', db.raw('?', [openid])).select(
      'u.id as viewer_id',
      db.raw('CASE WHEN ? THEN u.grants_digest END as digest', [holds]),
      db.raw('CASE WHEN ? THEN 1 ELSE 0 END as digest_span_holds', [holds]),
    );
  }
  return whereColumnReadable(whereArticleReleased(q, now));
}

/** What `viewerArticleQuery`'s row says about the viewer and the article. */
export interface ViewerArticle {
  facts: PlacedArticleFacts;
  viewerId: number | null;
  /** The viewer's active entitlements — at least those bearing on the article (all the policy needs to decide). */
  entitlements: EntitlementFacts[];
  /** A known viewer whose digest's span did not hold (or was never computed): the caller may refresh it (`refreshStaleGrantsDigest`). */
  digestStale: boolean;
}

/**
 * The row's facts, and the viewer's grants: from their digest when it held, otherwise read from
 * the entitlements bearing on the article (one indexed query — the exact answer, whatever the
 * digest's state).
 */
export async function readViewerArticle(db: Knex, row: Record<string, unknown>): Promise<ViewerArticle> {
  const viewerId = row.viewer_id === null || row.viewer_id === undefined ? null : Number(row.viewer_id);
  const facts = placedFactsOf(row);
  if (row.digest !== null && row.digest !== undefined) {
    return { facts, viewerId, entitlements: parseGrantsDigest(String(row.digest)), digestStale: false };
  }
  if (viewerId === null) return { facts, viewerId, entitlements: [], digestStale: false };
  const entitlements = await findEntitlementsFor(db, viewerId, { articleIds: [facts.id], columnIds: [facts.columnId] });
  // Inside a holding span with no digest, the learner holds too much to keep one: nothing to recompute.
  return { facts, viewerId, entitlements, digestStale: !toBool(row.digest_span_holds) };
}

/**
 * access.article's statement: `viewerArticleQuery` plus the viewer's like and favorite and ONE
 * body. Every joined entitlement is an active grant (`joinBearingEntitlements`), so the row ships
 * the full html when the article is free or any entitlement joined, and the preview otherwise —
 * `decideAccess` read in SQL. The service re-decides on the returned facts with `decideReading`
 * and only ever sends what it allows (tests/domain/access/reading.test.ts: they agree).
 */
export function articleForReadingQuery(db: Knex, articleId: number, openid: string | null, now: Date): Knex.QueryBuilder {
  const q = viewerArticleQuery(db, articleId, openid, now);
  if (openid === null) {
    return q.select(db.raw('a.is_free as full_body'), db.raw('CASE WHEN a.is_free = 1 THEN a.body_html ELSE a.preview_html END as html'));
  }
  const granted = grantedInSql(db, now);
  return q
    .leftJoin('likes as l', (j) => j.on('l.user_id', '=', 'u.id').andOnVal('l.target_type', 'article').andOn('l.target_id', '=', 'a.id'))
    .leftJoin('favorites as f', (j) => j.on('f.user_id', '=', 'u.id').andOn('f.article_id', '=', 'a.id'))
    .select(
      'l.user_id as liked_by',
      'f.user_id as favorited_by',
      db.raw('CASE WHEN ? THEN 1 ELSE 0 END as full_body', [granted]),
      db.raw('CASE WHEN ? THEN a.body_html ELSE a.preview_html END as html', [granted]),
    );
}

type ReadingParams = { articleId: number; openid: string; now: Date };
// Sentinels no real value can equal: compiling once with them tells where each parameter goes.
const SENTINELS: ReadingParams = { articleId: -7_301_001, openid: '\u0000sentinel-openid\u0000', now: new Date(-7_301_003) };
const viewerStatement = compiledStatement<ReadingParams>(
  'article access statement',
  (db, p) => articleForReadingQuery(db, p.articleId, p.openid, p.now),
  SENTINELS,
);
const anonymousStatement = compiledStatement<Omit<ReadingParams, 'openid'>>(
  'article access statement (anonymous)',
  (db, p) => articleForReadingQuery(db, p.articleId, null, p.now),
  { articleId: SENTINELS.articleId, now: SENTINELS.now },
);

/**
 * One article open: `openid` is the caller's platform identity (null for anonymous callers) — the
 * same users.openid lookup as the Identity port's `findLearnerId`, done inside the statement so
 * the identity costs no round trip of its own.
 */
export async function loadArticleForReading(
  db: Knex,
  articleId: number,
  openid: string | null,
  now: Date,
): Promise<ArticleForReading | null> {
  const statement = openid === null ? anonymousStatement(db, { articleId, now }) : viewerStatement(db, { articleId, openid, now });
  const first = rowsOf(db, await runCompiled(db, statement))[0];
  if (!first) return null;
  const { facts, viewerId, entitlements, digestStale } = await readViewerArticle(db, first);
  const html = String(first.html ?? '');
  const fullBody = toBool(first.full_body);
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
    facts,
    viewerId,
    cardRow,
    bodyHtml: fullBody ? html : undefined,
    previewHtml: fullBody ? undefined : html,
    audio,
    video,
    entitlements,
    digestStale,
    likeCount: toNum(first.like_count),
    liked: first.liked_by !== null && first.liked_by !== undefined,
    favorited: first.favorited_by !== null && first.favorited_by !== undefined,
  };
}

/** The body the statement did not ship: after a digest that did not hold, or should SQL and `decideReading` ever disagree (logged then). */
export async function loadArticleBody(db: Knex, articleId: number, full: boolean): Promise<string> {
  const row = await db('articles')
    .where('id', articleId)
    .first(full ? 'body_html as html' : 'preview_html as html');
  return String(row?.html ?? '');
}
