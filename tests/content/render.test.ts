import { htmlToText, renderArticle, sanitizeArticleHtml } from '../../server/domain/content/render';

describe('article rendering', () => {
  it('cuts the preview at the <!-- more --> marker and keeps the marker out of the full body', () => {
    const r = renderArticle('# 标题\n\n开头段落。\n\n<!-- more -->\n\n付费段落。');
    expect(r.hasMarker).toBe(true);
    expect(r.previewHtml).toContain('开头段落');
    expect(r.previewHtml).not.toContain('付费段落');
    expect(r.html).toContain('开头段落');
    expect(r.html).toContain('付费段落');
    expect(r.html).not.toContain('more');
  });

  it('without a marker, previews about the given ratio on block boundaries and never the whole body', () => {
    const paragraphs = Array.from({ length: 10 }, (_, i) => `第${i}段` + '内容'.repeat(20));
    const r = renderArticle(paragraphs.join('\n\n'), 30);
    expect(r.hasMarker).toBe(false);
    const shown = paragraphs.filter((p) => r.previewHtml.includes(p)).length;
    expect(shown).toBe(3);
    expect((r.previewHtml.match(/<p>/g) ?? []).length).toBe((r.previewHtml.match(/<\/p>/g) ?? []).length);
    const one = renderArticle('只有一段付费内容', 90);
    expect(one.previewHtml).toBe('');
    const all = renderArticle('第一段\n\n第二段', 100);
    expect(all.previewHtml).toContain('第一段');
    expect(all.previewHtml).not.toContain('第二段');
  });

  it('keeps a list or code block whole when cutting', () => {
    const r = renderArticle('intro paragraph that is long enough\n\n- a\n- b\n- c\n\n```js\nconst x = 1;\n```\n\nlast paragraph', 50);
    expect((r.previewHtml.match(/<ul>/g) ?? []).length).toBe((r.previewHtml.match(/<\/ul>/g) ?? []).length);
  });

  it.each([
    ['<script>alert(1)</script>ok', 'script'],
    ['<img src="x" onerror="alert(1)">', 'onerror'],
    ['<a href="javascript:alert(1)">x</a>', 'javascript:'],
    ['<p style="background:url(javascript:alert(1))">x</p>', 'style'],
    ['<iframe src="https://evil"></iframe>', 'iframe'],
    ['<svg><script>alert(1)</script></svg>', 'svg'],
  ])('sanitizes %s', (dirty, banned) => {
    expect(sanitizeArticleHtml(dirty).toLowerCase()).not.toContain(banned);
    expect(renderArticle(dirty).html.toLowerCase()).not.toContain(banned);
  });

  it('keeps the formatting articles need', () => {
    const html = renderArticle(
      '## 小标题\n\n**粗体** 和 [链接](https://example.com)\n\n![图](https://img.example.com/a.png)\n\n> 引用',
    ).html;
    expect(html).toContain('<h2>');
    expect(html).toContain('<strong>');
    expect(html).toContain('href="https://example.com"');
    expect(html).toContain('<img src="https://img.example.com/a.png"');
    expect(html).toContain('<blockquote>');
    expect(htmlToText(html)).toContain('粗体');
  });
});
