import type { Knex } from 'knex';
import type { MediaStore } from '../../ports/media-store';
import type { Logger } from '../../runtime/logger';
import type { ServiceContext } from '../../runtime/service-context';
import { toArticleCard, type ArticleCard } from '../catalog/cards';
import { decideReading, type AccessDecision } from './access.policy';
import { articleNotFound, placedFactsOf, readableArticlesQuery } from './reading';
import { loadArticleBody, loadArticleForReading } from './article-access.repo';
import { ViewerAccess } from './viewer-access';
import { signImages } from '../content/media-refs';
import { takeReadingAllowance } from './reading-limit.repo';
import { refreshStaleGrantsDigest } from '../entitlements/grants-digest';

interface AccessViewer {
  db: Knex;
  media: MediaStore;
  now: Date;
  viewerId: number | null;
  log?: Logger;
}

/** Access actions take the call's service context: the database, the clock, the viewer, the media port and the logger. */
export type AccessCtx = Pick<ServiceContext, 'db' | 'now' | 'actor' | 'log' | 'ports'>;

export interface MediaLink {
  url: string;
  durationSec: number;
}

export interface ArticleReading {
  article: ArticleCard;
  access: AccessDecision;
  html: string;
  audio?: MediaLink;
  video?: MediaLink;
  likeCount: number;
  liked: boolean;
  favorited: boolean;
}

/**
 * A temporary media URL must outlive the playback it starts — players fetch ranges as they go —
 * but no longer: ten minutes plus the running time, at most four hours.
 */
export function mediaTtlSec(durationSec: number): number {
  return Math.min(600 + Math.max(0, durationSec), 4 * 3600);
}

export async function readArticle(ctx: AccessCtx, articleId: number): Promise<ArticleReading> {
  // The caller's openid goes into the statement itself: identity, decision facts and one body in one round trip.
  const loaded = await loadArticleForReading(ctx.db, articleId, ctx.actor.openid, ctx.now);
  const v: AccessViewer = { db: ctx.db, media: ctx.ports.media, now: ctx.now, viewerId: loaded?.viewerId ?? null, log: ctx.log };
  const decision = loaded && decideReading(loaded.facts, loaded.entitlements, v.now);
  if (loaded?.digestStale) await refreshStaleGrantsDigest(ctx.db, loaded.viewerId!, ctx.now, ctx.log);
  if (!loaded || !decision?.exists) throw articleNotFound();
  // Paid text and paid media links are counted per learner (reading-limit.policy.ts): a scraper
  // runs into RATE_LIMITED, a reader never does. Free articles and previews are not counted.
  if (decision.granted && decision.reason !== 'free' && v.viewerId !== null) {
    await takeReadingAllowance(v.db, v.viewerId, v.now, { paid_open: 1, media_link: (loaded.audio ? 1 : 0) + (loaded.video ? 1 : 0) });
  }
  const reading: ArticleReading = {
    article: toArticleCard(loaded.cardRow, !decision.granted),
    access: { granted: decision.granted, reason: decision.reason },
    html:
      (decision.granted ? loaded.bodyHtml : loaded.previewHtml) ?? (await otherBody(ctx, articleId, decision.granted, loaded.digestStale)),
    likeCount: loaded.likeCount,
    liked: loaded.liked,
    favorited: loaded.favorited,
  };
  // URLs are minted only here, for the html this viewer may see (a buyer's images in the paid
  // part, a visitor's only in the preview); file ids themselves never leave the server.
  reading.html = await signImages(reading.html, v.media, v.log);
  if (decision.granted) {
    const [audio, video] = await Promise.all([mediaLink(v, loaded.audio, 'audio'), mediaLink(v, loaded.video, 'video')]);
    if (audio) reading.audio = audio;
    if (video) reading.video = video;
  }
  return reading;
}

/**
 * The statement shipped the other body than `decideReading` allows. Expected when the viewer's
 * grants digest did not hold (the SQL could only see free articles; the entitlements then
 * granted). Otherwise the policy still wins, but reading.test.ts proves over the whole matrix
 * that this never happens, so it is logged as the bug it would be.
 */
async function otherBody(ctx: AccessCtx, articleId: number, full: boolean, digestStale: boolean): Promise<string> {
  if (!digestStale) ctx.log.error('access.body_mismatch', { articleId, full });
  return loadArticleBody(ctx.db, articleId, full);
}

/**
 * A storage hiccup must not cost a buyer the text they paid for: the media is left out (the
 * client shows it as unavailable) and the failure is logged — without the file id.
 */
async function mediaLink(
  v: AccessViewer,
  media: { fileId: string; durationSec: number } | null,
  kind: 'audio' | 'video',
): Promise<MediaLink | null> {
  if (!media) return null;
  try {
    return { url: await v.media.signedUrl(media.fileId, { ttlSec: mediaTtlSec(media.durationSec) }), durationSec: media.durationSec };
  } catch (err) {
    v.log?.error('media.sign_failed', { kind, error: err instanceof Error ? err.message : String(err) });
    return null;
  }
}

/**
 * Many ids at once (a list's lock icons): one article query and one entitlement query.
 * Ids that do not exist for learners answer `false`, like locked ones.
 */
export async function checkArticles(
  ctx: Pick<ServiceContext, 'db' | 'now' | 'actor'>,
  articleIds: readonly number[],
): Promise<Record<string, boolean>> {
  const v = { db: ctx.db, now: ctx.now, viewerId: await ctx.actor.viewerId() };
  const ids = [...new Set(articleIds)];
  const rows: Array<Record<string, unknown>> = await readableArticlesQuery(v.db, v.now).whereIn('a.id', ids);
  const facts = rows.map(placedFactsOf);
  const access = await ViewerAccess.load(v.db, v.viewerId, v.now, {
    articleIds: facts.map((f) => f.id),
    columnIds: facts.map((f) => f.columnId),
  });
  const answer: Record<string, boolean> = Object.fromEntries(ids.map((id) => [String(id), false]));
  for (const article of facts) {
    const decision = access.read(article);
    answer[String(article.id)] = decision.exists && decision.granted;
  }
  return answer;
}
