import type { Knex } from 'knex';
import { toBool } from '../../db/values';
import { ARTICLE_CARD_COLUMNS } from '../catalog/cards';
import { whereArticleReleased, whereColumnReadable } from '../catalog/visibility';
import type { ArticleFacts, EntitlementFacts } from './access.policy';
import { toEntitlementFacts } from './entitlement.repo';

/** One readable article with everything its page needs — server-only fields included. */
export interface ArticleForReading {
  facts: ArticleFacts;
  columnStatus: 'published' | 'archived';
  /** Card fields (ARTICLE_CARD_COLUMNS) plus has_audio/has_video, ready for toArticleCard. */
  cardRow: Record<string, unknown>;
  bodyHtml: string;
  previewHtml: string;
  audio: { fileId: string; durationSec: number } | null;
  video: { fileId: string; durationSec: number } | null;
  entitlements: EntitlementFacts[];
}

const E_COLUMNS = ['e.scope as e_scope', 'e.item_id as e_item_id', 'e.starts_at as e_starts_at', 'e.expires_at as e_expires_at', 'e.revoked_at as e_revoked_at'];

/**
 * The article, its column's status and member_included, and the viewer's entitlements that can
 * bear on it — in ONE statement (one database round trip). The LEFT JOIN matches, for this
 * user only, an entitlement on the article, on its column, or a membership; the index
 * (user_id, scope, item_id) serves it. Each matching entitlement repeats the article columns;
 * a learner has a handful at most, cheaper than a second round trip.
 * Unreleased articles and draft columns match nothing, so they are indistinguishable from ids
 * that never existed.
 */
export function articleForReadingQuery(db: Knex, articleId: number, viewerId: number | null, now: Date): Knex.QueryBuilder {
  const q = db('articles as a')
    .join('columns as c', 'c.id', 'a.column_id')
    .select(
      ...ARTICLE_CARD_COLUMNS,
      'c.status as column_status',
      'a.body_html',
      'a.preview_html',
      'a.audio_file_id',
      'a.video_file_id',
    )
    .where('a.id', articleId);
  whereColumnReadable(whereArticleReleased(q, now));
  if (viewerId !== null) {
    q.leftJoin('entitlements as e', (j) => {
      j.on('e.user_id', '=', db.raw('?', [viewerId]))
        .andOnNull('e.revoked_at')
        .andOn((m) => {
          m.on((x) => x.on('e.scope', '=', db.raw('?', ['article'])).andOn('e.item_id', '=', 'a.id'))
            .orOn((x) => x.on('e.scope', '=', db.raw('?', ['column'])).andOn('e.item_id', '=', 'a.column_id'))
            .orOn('e.scope', '=', db.raw('?', ['membership']));
        });
    }).select(...E_COLUMNS);
  }
  return q;
}

export async function loadArticleForReading(
  db: Knex,
  articleId: number,
  viewerId: number | null,
  now: Date,
): Promise<ArticleForReading | null> {
  const rows: Array<Record<string, unknown>> = await articleForReadingQuery(db, articleId, viewerId, now);
  const first = rows[0];
  if (!first) return null;
  const entitlements = rows
    .filter((r) => r.e_scope !== null && r.e_scope !== undefined)
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
    facts: {
      id: Number(first.id),
      columnId: Number(first.column_id),
      isFree: toBool(first.is_free),
      memberIncluded: toBool(first.member_included),
    },
    columnStatus: first.column_status === 'archived' ? 'archived' : 'published',
    cardRow,
    bodyHtml: String(first.body_html ?? ''),
    previewHtml: String(first.preview_html ?? ''),
    audio,
    video,
    entitlements,
  };
}
