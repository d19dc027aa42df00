import type { Knex } from 'knex';
import { toBool, toNum } from '../../db/values';
import { dbClientOf } from '../../db/dialect';
import { compiledStatement, rowsOf, runCompiled } from '../../db/compiled-statement';
import { ARTICLE_CARD_COLUMNS } from '../catalog/cards';
import { whereArticleReleased, whereColumnReadable } from '../catalog/visibility';
import type { EntitlementFacts, PlacedArticleFacts } from './access.policy';
import { placedFactsOf } from './reading';
import { findEntitlementsFor, toEntitlementFacts } from '../entitlements/entitlement.repo';

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
 * The entitlements joined to the article row: the viewer's ACTIVE ones that can bear on it — on
 * the article, on its column, or a membership when the column is member-included. Anything else
 * cannot change `decideReading`'s answer (an inactive or unrelated entitlement grants nothing and
 * owns nothing), so leaving it out is a pre-filter, never a decision; the policy still decides
 * on what comes back.
 */
function joinBearingEntitlements(j: Knex.JoinClause, db: Knex, now: Date): void {
  j.on('e.user_id', '=', 'u.id')
    .andOnNull('e.revoked_at')
    .andOn('e.starts_at', '<=', db.raw('?', [now]))
    .andOn((x) => x.onNull('e.expires_at').orOn('e.expires_at', '>', db.raw('?', [now])))
    .andOn((m) =>
      m
        .on((x) => x.onVal('e.scope', 'article').andOn('e.item_id', '=', 'a.id'))
        .orOn((x) => x.onVal('e.scope', 'column').andOn('e.item_id', '=', 'a.column_id'))
        .orOn((x) => x.onVal('e.scope', 'membership').andOn('c.member_included', '=', db.raw('1'))),
    );
}

/**
 * The bearing entitlements folded into one text column, `scope,item_id,starts_at,expires_at`
 * joined by ';' (MySQL's DATETIME text is UTC by our storage rule; SQLite's are epoch ms).
 * GROUP_CONCAT is cut at group_concat_max_len (1024 bytes by default, ~20 entitlements), so the
 * count rides along and `loadArticleForReading` re-reads the entitlements when they differ.
 */
function bearingEntitlementsList(db: Knex): Knex.Raw {
  return dbClientOf(db) === 'mysql'
    ? db.raw("GROUP_CONCAT(CONCAT(e.scope, ',', e.item_id, ',', e.starts_at, ',', IFNULL(e.expires_at, '')) SEPARATOR ';') as ents")
    : db.raw("group_concat(e.scope || ',' || e.item_id || ',' || e.starts_at || ',' || IFNULL(e.expires_at, ''), ';') as ents");
}

/**
 * The article (its facts for `decideReading`), the viewer (users.id by openid — the Identity
 * port's lookup) and the viewer's active entitlements bearing on it, as ONE row: grouped by the
 * article's primary key, the entitlements folded into `ents` with their count, so a row's other
 * columns are shipped once however many memberships a learner has renewed. Its own columns are
 * one value per group; the outer-joined tables' are read through MAX, so MySQL's
 * ONLY_FULL_GROUP_BY has nothing to object to. Callers add their own columns and joins (`u` is
 * the viewer, `e` the entitlements). Unreleased articles and draft columns yield no row, so
 * they are indistinguishable from ids that never existed. An anonymous caller (`openid` null)
 * gets the article alone.
 */
export function viewerArticleQuery(db: Knex, articleId: number, openid: string | null, now: Date): Knex.QueryBuilder {
  const q = db('articles as a').join('columns as c', 'c.id', 'a.column_id').where('a.id', articleId);
  if (openid === null) q.select(...ARTICLE_COLUMNS);
  else {
    q.leftJoin('users as u', 'u.openid', db.raw('?', [openid]))
      .leftJoin('entitlements as e', (j) => joinBearingEntitlements(j, db, now))
      .select(
        ...ARTICLE_COLUMNS.filter((col) => col.startsWith('a.')),
        db.raw('MAX(c.member_included) as member_included'),
        db.raw('MAX(c.status) as column_status'),
        db.raw('MAX(u.id) as viewer_id'),
        bearingEntitlementsList(db),
        db.raw('COUNT(e.id) as e_count'),
      )
      .groupBy('a.id');
  }
  return whereColumnReadable(whereArticleReleased(q, now));
}

/** What `viewerArticleQuery`'s row says about the viewer and the article. */
export interface ViewerArticle {
  facts: PlacedArticleFacts;
  viewerId: number | null;
  /** The viewer's active entitlements bearing on the article (all the policy needs to decide). */
  entitlements: EntitlementFacts[];
}

export async function readViewerArticle(db: Knex, row: Record<string, unknown>): Promise<ViewerArticle> {
  const viewerId = row.viewer_id === null || row.viewer_id === undefined ? null : Number(row.viewer_id);
  let entitlements = parseEntitlements(row.ents);
  if (viewerId !== null && entitlements.length !== toNum(row.e_count)) {
    // The folded list was cut short (group_concat_max_len): read them again, in full.
    entitlements = await findEntitlementsFor(db, viewerId, { articleIds: [Number(row.id)], columnIds: [Number(row.column_id)] });
  }
  return { facts: placedFactsOf(row), viewerId, entitlements };
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
  return q
    .leftJoin('likes as l', (j) => j.on('l.user_id', '=', 'u.id').andOnVal('l.target_type', 'article').andOn('l.target_id', '=', 'a.id'))
    .leftJoin('favorites as f', (j) => j.on('f.user_id', '=', 'u.id').andOn('f.article_id', '=', 'a.id'))
    .select(
      db.raw('MAX(l.user_id) as liked_by'),
      db.raw('MAX(f.user_id) as favorited_by'),
      db.raw('CASE WHEN a.is_free = 1 OR COUNT(e.id) > 0 THEN 1 ELSE 0 END as full_body'),
      db.raw('CASE WHEN a.is_free = 1 OR COUNT(e.id) > 0 THEN a.body_html ELSE a.preview_html END as html'),
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
  const { facts, viewerId, entitlements } = await readViewerArticle(db, first);
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
    likeCount: toNum(first.like_count),
    liked: first.liked_by !== null && first.liked_by !== undefined,
    favorited: first.favorited_by !== null && first.favorited_by !== undefined,
  };
}

function parseEntitlements(list: unknown): EntitlementFacts[] {
  if (list === null || list === undefined || list === '') return [];
  return String(list)
    .split(';')
    .map((entry) => {
      const [scope, itemId, startsAt, expiresAt] = entry.split(',');
      return toEntitlementFacts({ scope, item_id: Number(itemId), starts_at: startsAt, expires_at: expiresAt || null, revoked_at: null });
    });
}

/** The body the statement did not ship — only if SQL and `decideReading` ever disagree (a second round trip, logged). */
export async function loadArticleBody(db: Knex, articleId: number, full: boolean): Promise<string> {
  const row = await db('articles')
    .where('id', articleId)
    .first(full ? 'body_html as html' : 'preview_html as html');
  return String(row?.html ?? '');
}
