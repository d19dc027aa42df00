/**
 * The server's enums and codes that clients branch on. `npm run gen:contract` prints every type
 * exported here into each client's contract.gen.ts, so a client never spells them by hand.
 */
export type { ErrorCode } from '../runtime/errors';
export type { ItemType, OrderStatus } from '../domain/orders/order.model';
export type { CommentStatus } from '../domain/comments/comment.repo';
export type { AdminRole } from '../domain/staff/roles.policy';
export type { AdminPermission } from '../domain/staff/roles.policy';
export type { ColumnStatus, ArticleStatus } from '../domain/catalog/visibility';
