import type { Knex } from 'knex';
import { renderArticle } from '../../server/domain/content/render';
import { DEMO_COLUMNS, DEMO_PLANS } from './demo-content';
import { seedDemoComments } from './demo-comments';
import { refreshColumnCompletion } from '../../server/domain/reporting/column-completion.repo';

const DAY_MS = 24 * 3600 * 1000;

/** True when the catalog is empty — the emulator seeds only then. */
export async function isCatalogEmpty(db: Knex): Promise<boolean> {
  const row = await db('columns').count('* as n').first();
  return Number(row?.n ?? 0) === 0;
}

export async function seedDemo(db: Knex, now: Date): Promise<{ columns: number; articles: number; plans: number }> {
  let articles = 0;
  await db.transaction(async (trx) => {
    for (const [planIndex, plan] of DEMO_PLANS.entries()) {
      await trx('membership_plans').insert({
        name: plan.name,
        duration_days: plan.durationDays,
        price_fen: plan.priceFen,
        status: 'active',
        sort: planIndex,
        created_at: now,
        updated_at: now,
      });
    }
    for (const [columnIndex, column] of DEMO_COLUMNS.entries()) {
      const [columnId] = await trx('columns').insert({
        title: column.title,
        subtitle: column.subtitle,
        intro: column.intro,
        cover: column.cover,
        price_fen: column.priceFen,
        member_included: column.memberIncluded,
        status: column.status,
        sort: columnIndex,
        published_at: column.status === 'published' ? now : null,
        created_at: now,
        updated_at: now,
      });
      let sort = 0;
      for (const [chapterIndex, chapter] of column.chapters.entries()) {
        const [chapterId] = await trx('chapters').insert({
          column_id: columnId,
          title: chapter.title,
          sort: chapterIndex,
          created_at: now,
          updated_at: now,
        });
        for (const article of chapter.articles) {
          const rendered = renderArticle(article.body);
          // Older articles first: each one "released" a day after the previous.
          const releasedAt = new Date(now.getTime() + (article.releaseInDays ?? sort - 30) * DAY_MS);
          await trx('articles').insert({
            column_id: columnId,
            chapter_id: chapterId,
            title: article.title,
            summary: article.summary,
            body_md: article.body,
            body_html: rendered.html,
            preview_html: rendered.previewHtml,
            preview_ratio: 30,
            audio_file_id: article.audio?.fileId ?? null,
            audio_duration_sec: article.audio?.durationSec ?? null,
            video_file_id: article.video?.fileId ?? null,
            video_duration_sec: article.video?.durationSec ?? null,
            is_free: article.isFree ?? false,
            price_fen: article.priceFen ?? null,
            status: article.draft ? 'draft' : 'published',
            publish_at: article.draft ? null : releasedAt,
            sort: sort++,
            created_at: now,
            updated_at: now,
          });
          articles += 1;
        }
      }
      await refreshColumnCompletion(trx, [Number(columnId)]); // as the CMS's publish would
    }
  });
  await seedDemoComments(db, now);
  return { columns: DEMO_COLUMNS.length, articles, plans: DEMO_PLANS.length };
}
