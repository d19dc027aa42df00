import MarkdownIt from 'markdown-it';
import DOMPurify from 'dompurify';

/**
 * The editor's live preview. The server renders and sanitizes again on save (its allowlist is
 * the one that counts); this is the same markdown-it, sanitized with DOMPurify so a pasted
 * <script> never runs inside the CMS either.
 */
const md = new MarkdownIt({ html: true, linkify: true });
export const MARKER = '<!-- more -->';
const MARKER_LINE = /^[ \t]*<!--\s*more\s*-->[ \t]*$/im;

const clean = (source: string) =>
  DOMPurify.sanitize(md.render(source), { FORBID_TAGS: ['style', 'iframe', 'form', 'input'], FORBID_ATTR: ['style'] });

export function renderWithPaywall(source: string): { html: string; hasMarker: boolean } {
  const m = MARKER_LINE.exec(source);
  if (!m) return { html: clean(source), hasMarker: false };
  const before = clean(source.slice(0, m.index));
  const after = clean(source.slice(m.index + m[0].length));
  return {
    html: `${before}<div class="paywall-divider">以上为免费试读 · 以下为付费内容</div>${after}`,
    hasMarker: true,
  };
}

export const sanitize = (html: string) => DOMPurify.sanitize(html);
