import type { Knex } from 'knex';
import { toBool, toNum, toIso } from '../../db/values';
import { livePromotions } from '../promotions/promotion.repo';
import type { ItemType } from './items';

/** API.md ColumnCard. */
export interface ColumnCard {
  id: number;
  title: string;
  subtitle: string;
  cover: string;
  priceFen: number;
  memberIncluded: boolean;
  articleCount: number;
  promoPriceFen?: number;
  promoEndsAt?: string;
}

/**
 * API.md ArticleCard. Cards never carry bodies, previews or media ids: only whether media
 * exists and how long it runs.
 */
export interface ArticleCard {
  id: number;
  columnId: number;
  chapterId: number | null;
  title: string;
  summary: string;
  isFree: boolean;
  priceFen: number | null;
  hasAudio: boolean;
  hasVideo: boolean;
  audioDurationSec: number | null;
  videoDurationSec: number | null;
  publishedAt: string | null;
  locked: boolean;
  promoPriceFen?: number;
  promoEndsAt?: string;
}

/** The columns a card query must select (and nothing more — no body, no media id). */
export const COLUMN_CARD_COLUMNS = ['c.id', 'c.title', 'c.subtitle', 'c.cover', 'c.price_fen', 'c.member_included'];

export const ARTICLE_CARD_COLUMNS = [
  'a.id',
  'a.column_id',
  'a.chapter_id',
  'a.title',
  'a.summary',
  'a.is_free',
  'a.price_fen',
  'a.audio_duration_sec',
  'a.video_duration_sec',
  'a.publish_at',
  'a.created_at',
  'c.member_included',
];
// Whether media exists, without selecting the file id itself.
export const ARTICLE_MEDIA_FLAGS = [
  'CASE WHEN a.audio_file_id IS NULL THEN 0 ELSE 1 END AS has_audio',
  'CASE WHEN a.video_file_id IS NULL THEN 0 ELSE 1 END AS has_video',
];

export type ColumnCardRow = Record<string, unknown>;
export type ArticleCardRow = Record<string, unknown>;

export function toColumnCard(row: ColumnCardRow): ColumnCard {
  return {
    id: Number(row.id),
    title: String(row.title),
    subtitle: String(row.subtitle ?? ''),
    cover: String(row.cover ?? ''),
    priceFen: toNum(row.price_fen),
    memberIncluded: toBool(row.member_included),
    articleCount: toNum(row.article_count),
  };
}

export function toArticleCard(row: ArticleCardRow, locked: boolean): ArticleCard {
  return {
    id: Number(row.id),
    columnId: Number(row.column_id),
    chapterId: row.chapter_id === null || row.chapter_id === undefined ? null : Number(row.chapter_id),
    title: String(row.title),
    summary: String(row.summary ?? ''),
    isFree: toBool(row.is_free),
    priceFen: row.price_fen === null || row.price_fen === undefined ? null : toNum(row.price_fen),
    hasAudio: toBool(row.has_audio),
    hasVideo: toBool(row.has_video),
    audioDurationSec: row.audio_duration_sec === null || row.audio_duration_sec === undefined ? null : toNum(row.audio_duration_sec),
    videoDurationSec: row.video_duration_sec === null || row.video_duration_sec === undefined ? null : toNum(row.video_duration_sec),
    publishedAt: toIso(row.publish_at ?? row.created_at),
    locked,
  };
}

/** While a limited-time price is live, a card carries it and when it ends (the countdown). */
export interface PromoFields {
  promoPriceFen?: number;
  promoEndsAt?: string;
}

/**
 * Adds the live limited-time price to cards of one item type, one query for the whole list. The
 * price the learner pays is still decided by the order's price rule, never by the card.
 */
export async function withPromotions<T extends { id: number }>(
  db: Knex,
  now: Date,
  itemType: ItemType,
  cards: T[],
): Promise<Array<T & PromoFields>> {
  const live = await livePromotions(
    db,
    now,
    itemType,
    cards.map((c) => c.id),
  );
  if (!live.size) return cards;
  return cards.map((c) => {
    const promo = live.get(c.id);
    return promo ? { ...c, promoPriceFen: promo.priceFen, promoEndsAt: promo.endsAt } : c;
  });
}
