/** Column and article statuses, defined once for the catalog, the reading rule and the CMS actions. */
export const COLUMN_STATUSES = ['draft', 'published', 'archived'] as const;
export type ColumnStatus = (typeof COLUMN_STATUSES)[number];

export const ARTICLE_STATUSES = ['draft', 'published'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];
