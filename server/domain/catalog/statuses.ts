/** Column and article statuses, defined once for the catalog, the reading rule and the CMS actions. */
export const COLUMN_STATUSES = ['draft', 'published', 'archived'] as const;
export type ColumnStatus = (typeof COLUMN_STATUSES)[number];

export const ARTICLE_STATUSES = ['draft', 'published'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

/** Chinese names, defined here once; the CMS reads them through the admin `labels` action. */
export const COLUMN_STATUS_LABELS: Record<ColumnStatus, string> = { draft: '草稿', published: '已上架', archived: '已归档' };
export const ARTICLE_STATUS_LABELS: Record<ArticleStatus, string> = { draft: '草稿', published: '已发布' };
