import { z } from 'zod';
import { cleanCommentText, charCount } from '../comments/comment.text';
import { AppError } from '../../runtime/errors';

/** Size limits (private notes need no moderation, but they do need bounds). */
export const NOTE_QUOTE_MAX = 1000;
export const NOTE_TEXT_MAX = 2000;
/** Notes one learner may keep on one article: a highlight on every sentence is still far below it. */
export const NOTES_PER_ARTICLE_MAX = 500;

/** The learner's own words: cleaned like a comment (controls and invisible characters out), 0–2000 characters. */
export const NoteText = z
  .string()
  .max(NOTE_TEXT_MAX * 4, `笔记最多 ${NOTE_TEXT_MAX} 个字`)
  .transform(cleanCommentText)
  .pipe(z.string().refine((t) => charCount(t) <= NOTE_TEXT_MAX, `笔记最多 ${NOTE_TEXT_MAX} 个字`));

/** The quoted passage is compared with the article as is — never trimmed or cleaned. */
export const NoteQuote = z.string().min(1, '请选择要划线的文字').max(NOTE_QUOTE_MAX, `划线最多 ${NOTE_QUOTE_MAX} 个字符`);

export const Anchor = z.strictObject({
  start: z.number().int().min(0).max(10_000_000),
  end: z.number().int().min(1).max(10_000_000),
});

/**
 * An anchor is valid when it lies inside the article's plain text and the text there is exactly
 * the quote. Checked before anything is written; the error names the field that is wrong.
 */
export function checkAnchor(plain: string, anchor: { start: number; end: number }, quote: string): void {
  if (anchor.end <= anchor.start) {
    throw new AppError('INVALID_INPUT', '划线位置不正确', [{ field: 'anchor', message: '结束位置必须大于开始位置' }]);
  }
  if (anchor.end > plain.length) {
    throw new AppError('INVALID_INPUT', '划线位置超出了文章范围', [{ field: 'anchor', message: `正文共 ${plain.length} 个字符` }]);
  }
  if (plain.slice(anchor.start, anchor.end) !== quote) {
    throw new AppError('INVALID_INPUT', '划线文字与文章内容不一致', [{ field: 'quote', message: '与该位置的正文不一致' }]);
  }
}
