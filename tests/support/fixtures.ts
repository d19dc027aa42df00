import type { Knex } from 'knex';
import { renderArticle } from '../../server/domain/content/render';
import { refreshColumnCompletion } from '../../server/domain/reporting/column-completion.repo';
import { EMPTY_GRANTS_DIGEST, refreshGrantsDigest } from '../../server/domain/entitlements/grants-digest';

/**
 * Small builders for tests that need exact rows rather than the demo catalog. Every builder
 * takes overrides in column names, so a test states only what it is about.
 */
export async function insertColumn(db: Knex, now: Date, over: Record<string, unknown> = {}): Promise<number> {
  const [id] = await db('columns').insert({
    title: '测试专栏',
    subtitle: '',
    intro: '简介',
    cover: '',
    price_fen: 9900,
    member_included: false,
    status: 'published',
    sort: 0,
    created_at: now,
    updated_at: now,
    ...over,
  });
  return Number(id);
}

export async function insertChapter(db: Knex, now: Date, columnId: number, over: Record<string, unknown> = {}): Promise<number> {
  const [id] = await db('chapters').insert({ column_id: columnId, title: '第一章', sort: 0, created_at: now, updated_at: now, ...over });
  return Number(id);
}

export const PAID_SECRET = '付费正文-SECRET-7f3a';

export async function insertArticle(
  db: Knex,
  now: Date,
  columnId: number,
  over: Record<string, unknown> & { body_md?: string } = {},
): Promise<number> {
  const bodyMd = over.body_md ?? `## 试读部分\n\n公开的开头。\n\n<!-- more -->\n\n${PAID_SECRET} 只有购买者能看到。`;
  const rendered = renderArticle(bodyMd, Number(over.preview_ratio ?? 30));
  const [id] = await db('articles').insert({
    column_id: columnId,
    chapter_id: null,
    title: '测试文章',
    summary: '摘要',
    body_md: bodyMd,
    body_html: rendered.html,
    preview_html: rendered.previewHtml,
    preview_ratio: 30,
    is_free: false,
    price_fen: null,
    status: 'published',
    publish_at: new Date(now.getTime() - 3600_000),
    sort: 0,
    created_at: now,
    updated_at: now,
    ...over,
  });
  // The dashboard's column outline, as the CMS's content writes keep it.
  await refreshColumnCompletion(db, [Number(over.column_id ?? columnId)]);
  return Number(id);
}

export async function insertUser(db: Knex, now: Date, openid: string): Promise<number> {
  const [id] = await db('users').insert({ openid, nickname: openid, avatar: '', created_at: now, updated_at: now, ...EMPTY_GRANTS_DIGEST });
  return Number(id);
}

let sourceSeq = 0;
export async function grant(
  db: Knex,
  now: Date,
  userId: number,
  scope: 'article' | 'column' | 'membership',
  itemId: number,
  over: Record<string, unknown> = {},
): Promise<void> {
  sourceSeq += 1;
  await db('entitlements').insert({
    user_id: userId,
    scope,
    item_id: itemId,
    source: 'grant',
    source_id: `test-${sourceSeq}-${Date.now()}`,
    starts_at: new Date(now.getTime() - 1000),
    expires_at: null,
    revoked_at: null,
    created_at: now,
    ...over,
  });
  // The learner's grants digest, as the entitlements writers keep it.
  await refreshGrantsDigest(db, userId, now);
}
