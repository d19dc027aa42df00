import { z } from 'zod';

export const COMMENT_MAX_CHARS = 1000;

// C0/C1 controls (newline kept), zero-width space, BOM and the bidi overrides that can make a
// comment display as something other than what was moderated. ZWJ stays: emoji sequences use it.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u200B\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

/**
 * Comments are plain text: stored exactly as the learner typed it minus invisible characters,
 * never parsed as html or markdown. Clients render it as text (`<text>` in the mini program,
 * `{{ }}` in Vue), which is what makes `<script>` inert — escaping here would show `&lt;` to
 * every reader.
 */
export function cleanCommentText(raw: string): string {
  return raw
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(INVISIBLE, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Characters as readers count them (an emoji is one), not UTF-16 units. */
export const charCount = (text: string): number => [...text].length;

/** The comment body field: cleaned, then 1–1000 characters. */
export const CommentContent = z
  .string()
  // Refuse absurd payloads before doing any work on them.
  .max(COMMENT_MAX_CHARS * 4, `评论最多 ${COMMENT_MAX_CHARS} 个字`)
  .transform(cleanCommentText)
  .pipe(
    z
      .string()
      .min(1, '评论内容不能为空')
      .refine((text) => charCount(text) <= COMMENT_MAX_CHARS, `评论最多 ${COMMENT_MAX_CHARS} 个字`),
  );
