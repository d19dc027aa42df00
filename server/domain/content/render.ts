import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/**
 * Article bodies: markdown source in, sanitized html out, with the free preview cut here on the
 * server at save time (DESIGN.md: the paywall is never the client's job).
 */

/** A line of its own in the source marks the end of the free preview. */
export const PREVIEW_MARKER = /^[ \t]*<!--\s*more\s*-->[ \t]*$/im;

const markdown = new MarkdownIt({ html: true, linkify: true, typographer: false });

/**
 * The allowlist: what a rich article needs and nothing that runs. Checked by
 * `render.test.ts` against script, event handlers, javascript: URLs and style injection.
 */
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'p',
    'br',
    'hr',
    'blockquote',
    'pre',
    'code',
    'span',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'del',
    'ins',
    'mark',
    'sub',
    'sup',
    'small',
    'ul',
    'ol',
    'li',
    'dl',
    'dt',
    'dd',
    'a',
    'img',
    'figure',
    'figcaption',
    'table',
    'thead',
    'tbody',
    'tfoot',
    'tr',
    'th',
    'td',
    'caption',
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    code: ['class'],
    th: ['align'],
    td: ['align'],
    ol: ['start'],
  },
  allowedSchemes: ['https', 'http', 'mailto'],
  allowedSchemesByTag: { img: ['https', 'http', 'cloud'] },
  allowedClasses: { code: [/^language-[a-z0-9+#-]+$/] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
};

export function sanitizeArticleHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE);
}

export function renderMarkdown(source: string): string {
  return sanitizeArticleHtml(markdown.render(source));
}

export interface RenderedArticle {
  html: string;
  previewHtml: string;
  /** Whether the creator placed the `<!-- more -->` marker. */
  hasMarker: boolean;
}

/**
 * Without a marker the preview is the first top-level blocks holding `ratio`% of the text —
 * cut between blocks so the html stays well-formed, and never the whole body.
 */
export function renderArticle(bodyMd: string, previewRatioPercent = 30): RenderedArticle {
  const marker = PREVIEW_MARKER.exec(bodyMd);
  if (marker) {
    const before = bodyMd.slice(0, marker.index);
    const after = bodyMd.slice(marker.index + marker[0].length);
    return { html: renderMarkdown(before + '\n' + after), previewHtml: renderMarkdown(before), hasMarker: true };
  }
  return { html: renderMarkdown(bodyMd), previewHtml: renderMarkdown(ratioPrefix(bodyMd, previewRatioPercent)), hasMarker: false };
}

function ratioPrefix(source: string, ratioPercent: number): string {
  const lines = source.split('\n');
  const blocks = markdown
    .parse(source, {})
    .filter((t) => t.level === 0 && t.map && t.nesting !== -1)
    .map((t) => ({ start: t.map![0], end: t.map![1] }));
  if (blocks.length <= 1) return '';
  const size = (b: { start: number; end: number }) => lines.slice(b.start, b.end).join('\n').trim().length;
  const total = blocks.reduce((sum, b) => sum + size(b), 0);
  const target = (total * Math.min(Math.max(ratioPercent, 0), 100)) / 100;
  let taken = 0;
  let count = 0;
  while (count < blocks.length - 1 && taken < target) {
    taken += size(blocks[count]);
    count += 1;
  }
  if (count === 0) return '';
  return lines.slice(0, blocks[count - 1].end).join('\n');
}

/** Plain text of html, for summaries and search excerpts. */
export function htmlToText(html: string): string {
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }).replace(/\s+/g, ' ').trim();
}
