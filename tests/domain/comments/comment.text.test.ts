import { cleanCommentText, CommentContent, COMMENT_MAX_CHARS } from '../../../server/domain/comments';

describe('comment text rules', () => {
  it('strips control and invisible characters, keeps newlines and emoji sequences', () => {
    expect(cleanCommentText('  a\u0000b\u0007c\u200bd\u202Ee\uFEFF  ')).toBe('abcde');
    expect(cleanCommentText('第一行\r\n第二行\r第三行')).toBe('第一行\n第二行\n第三行');
    expect(cleanCommentText('a\n\n\n\n\nb')).toBe('a\n\nb');
    expect(cleanCommentText('👨‍👩‍👧 好')).toBe('👨‍👩‍👧 好');
  });

  it('keeps html as the literal text it is', () => {
    expect(cleanCommentText('<script>alert(1)</script>')).toBe('<script>alert(1)</script>');
  });

  it('counts characters, not UTF-16 units: 1000 emoji fit, 1001 characters do not', () => {
    expect(CommentContent.safeParse('😀'.repeat(COMMENT_MAX_CHARS)).success).toBe(true);
    expect(CommentContent.safeParse('字'.repeat(COMMENT_MAX_CHARS + 1)).success).toBe(false);
  });

  it('measures after cleaning: whitespace and invisible characters alone are empty', () => {
    expect(CommentContent.safeParse('   \n\t ').success).toBe(false);
    expect(CommentContent.safeParse('\u200b\u0000').success).toBe(false);
    expect(CommentContent.safeParse(`  ${'字'.repeat(COMMENT_MAX_CHARS)}  `).success).toBe(true);
  });
});
