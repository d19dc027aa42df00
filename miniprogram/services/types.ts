/** API.md shapes as the mini program sees them. */
export interface ColumnCard {
  id: number;
  title: string;
  subtitle: string;
  cover: string;
  priceFen: number;
  memberIncluded: boolean;
  articleCount: number;
}

export interface ArticleCard {
  id: number;
  columnId: number;
  chapterId?: number | null;
  title: string;
  summary: string;
  isFree: boolean;
  priceFen: number | null;
  hasAudio: boolean;
  hasVideo: boolean;
  audioDurationSec?: number | null;
  videoDurationSec?: number | null;
  publishedAt?: string | null;
  locked: boolean;
}

export interface ColumnDetail {
  column: ColumnCard & { intro: string };
  chapters: Array<{ id: number; title: string; articles: ArticleCard[] }>;
  owned: boolean;
  progress?: { completed: number; total: number; rate: number };
}

export type AccessReason = 'free' | 'article' | 'column' | 'membership' | 'preview';

export interface Media {
  url: string;
  durationSec: number;
}

export interface ArticleView {
  article: ArticleCard;
  access: { granted: boolean; reason: AccessReason };
  html: string;
  audio?: Media;
  video?: Media;
  /** Optional extras some backends add (like/favorite state). */
  liked?: boolean;
  favorited?: boolean;
  likeCount?: number;
}

export type ItemType = 'article' | 'column' | 'membership';
export type OrderStatus = 'pending' | 'paid' | 'closed' | 'refunded';

export interface Order {
  orderNo: string;
  itemType: ItemType;
  itemId: number;
  title: string;
  amountFen: number;
  status: OrderStatus;
  createdAt: string;
  expiresAt: string;
  paidAt: string | null;
}

export interface Prepay {
  provider: 'cloudpay' | 'wechatpay-v3' | 'sandbox';
  payment: Record<string, unknown>;
  cashierUrl?: string;
}

export interface Plan {
  id: number;
  name: string;
  durationDays: number;
  priceFen: number;
}

export interface Progress {
  percent: number;
  completed: boolean;
  positionSec: number;
  durationSec: number;
  lastReadAt: string | null;
}

export interface Comment {
  id: number;
  articleId: number;
  parentId: number | null;
  content: string;
  user: { nickname: string; avatar: string };
  likeCount: number;
  liked: boolean;
  pinned: boolean;
  isAuthorReply: boolean;
  status: 'pending' | 'published' | 'rejected' | 'deleted';
  createdAt: string;
  /** `list` nests a preview of the replies (author replies first) and counts them all. */
  replies?: Comment[];
  replyCount?: number;
  /** The caller wrote it (drives the delete action). */
  mine?: boolean;
}

export interface Me {
  nickname: string;
  avatar: string;
  membership: { active: boolean; expiresAt: string | null };
}

export interface Purchase {
  itemType: ItemType;
  itemId: number;
  title: string;
  source: string;
  expiresAt: string | null;
}

export interface Stats {
  totalSec: number;
  streakDays: number;
  daily: Array<{ day: string; sec: number }>;
}

export interface ClientConfig {
  iosPurchase: { mode: 'hide' | 'show'; guidance: string };
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
