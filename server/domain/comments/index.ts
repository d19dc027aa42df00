/** The comments domain, as other areas use it (see CONTEXT.md). */
export {
  listComments,
  listReplies,
  createComment,
  deleteOwnComment,
  likeComment,
  RATE_LIMIT_COUNT,
  RATE_LIMIT_WINDOW_MS,
  REPLY_PREVIEW,
} from './comment.service';
export type { CommentSort } from './comment.service';
export {
  listForCreator,
  countByStatus,
  moderateComment,
  replyAsAuthor,
  setPinned,
  deleteAsCreator,
  recheckUnmoderated,
  RECHECK_WINDOW_MS,
  COMMENT_STATUSES,
} from './comment.creator';
export type { CreatorContext, CreatorComment } from './comment.creator';
export type { CommentView, CommentStatus, CommentUser } from './comment.repo';
export { CommentContent, cleanCommentText, COMMENT_MAX_CHARS } from './comment.text';
export { moderateText, checkText } from '../moderation/moderate-text';
export type { TextCheck } from '../moderation/moderate-text';
