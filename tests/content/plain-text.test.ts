import { htmlSegments, plainTextOf } from '../../server/domain/content/plain-text';
import { renderArticle } from '../../server/domain/content/render';

/** The text anchors count in (docs/learning.md): text nodes of the html, decoded, nothing added. */
describe('plainTextOf', () => {
  it('concatenates text nodes verbatim, tags and comments add nothing', () => {
    expect(plainTextOf('<h2>标题</h2>\n<p>一<strong>二</strong>三<br>四<img src="x.png" alt="图">五</p><!-- 注释 -->')).toBe(
      '标题\n一二三四五',
    );
  });

  it('decodes character references, named and numeric', () => {
    expect(plainTextOf('<p>a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39; &#x4e2d;&#25991; &nbsp;&unknown;</p>')).toBe(
      `a & b <c> "d" 'e' 中文 \u00a0&unknown;`,
    );
  });

  it('a ">" inside a quoted attribute does not end the tag', () => {
    expect(plainTextOf('<a href="https://x.cn/?q=a>b" title=\'1>2\'>链接</a>')).toBe('链接');
  });

  it('offsets are UTF-16 indices and each text segment knows its own', () => {
    const html = '<p>😀好</p><p>再见</p>';
    const plain = plainTextOf(html);
    expect(plain).toBe('😀好再见');
    const texts = htmlSegments(html).filter((s) => s.kind === 'text');
    expect(texts.map((t) => (t.kind === 'text' ? [t.offset, t.text] : null))).toEqual([
      [0, '😀好'],
      [3, '再见'],
    ]);
  });

  it('is the full body, not the preview, for a rendered article', () => {
    const r = renderArticle('开头\n\n<!-- more -->\n\n付费 & 正文');
    expect(plainTextOf(r.html)).toBe('开头\n付费 & 正文\n');
    expect(plainTextOf(r.previewHtml)).toBe('开头\n');
  });
});
