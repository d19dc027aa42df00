/**
 * The names pages use for server shapes. Each is read from the generated contract (the server's
 * own action types), never written by hand: `npm run gen:contract` after a server change.
 */
import type { ActionInput, ActionOutput } from './contract.gen';

export type { ItemType, OrderStatus, CommentStatus } from './contract.gen';

type Home = ActionOutput<'catalog', 'home'>;
export type ColumnCard = Home['columns'][number];
export type ArticleCard = Home['latest'][number];
export type ColumnDetail = ActionOutput<'catalog', 'column'>;

export type ArticleView = ActionOutput<'access', 'article'>;
export type AccessReason = ArticleView['access']['reason'];
export type Media = NonNullable<ArticleView['audio']>;

export type Order = ActionOutput<'order', 'get'>;
export type Prepay = ActionOutput<'pay', 'prepay'>;
export type Plan = ActionOutput<'catalog', 'plans'>['items'][number];
export type Progress = ActionOutput<'progress', 'get'>;
export type ProgressReport = ActionInput<'progress', 'report'>;
export type Comment = ActionOutput<'comment', 'create'>;
export type Me = ActionOutput<'user', 'me'>;
export type Purchase = ActionOutput<'user', 'purchases'>['items'][number];
export type Stats = ActionOutput<'progress', 'stats'>;
export type ClientConfig = ActionOutput<'catalog', 'config'>;

/** A cursor page, as every list action answers. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
