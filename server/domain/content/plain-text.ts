/**
 * THE text an anchor counts in (notes and highlights, issue 16). An article's plain text is the
 * concatenation, in document order, of every text node of its sanitized `body_html`, with
 * character references decoded and nothing else added, removed or collapsed: no newline for a
 * block, nothing for `<br>` or `<img>`, whitespace-only nodes between blocks included. Offsets are
 * JavaScript string indices (UTF-16 code units), which is what a mini program's JS counts too.
 *
 * Dependency-free on purpose: the mini program renders the body from the same segments
 * (`npm run gen:contract` copies this file to `miniprogram/utils/plain-text.gen.ts`; a test fails
 * when the copy is stale), so a passage the learner selects maps to exactly these offsets.
 */

/** One piece of the body in document order: a tag (open, close or void) or a text node at `offset`. */
export type HtmlSegment =
  | { kind: 'open'; tag: string; attrs: Record<string, string>; selfClosing: boolean }
  | { kind: 'close'; tag: string }
  | { kind: 'text'; text: string; offset: number };

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', '#39': "'" };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});/g, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[name] ?? whole;
  });
}

const VOID = new Set(['br', 'hr', 'img', 'input', 'meta', 'link', 'wbr', 'col', 'area', 'source']);

function parseAttrs(s: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  const re = /([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) attrs[m[1].toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  return attrs;
}

/** The body as tags and text nodes, text offsets into the plain text. */
export function htmlSegments(html: string): HtmlSegment[] {
  const out: HtmlSegment[] = [];
  let offset = 0;
  let i = 0;
  const pushText = (raw: string) => {
    if (!raw) return;
    const text = decodeEntities(raw);
    out.push({ kind: 'text', text, offset });
    offset += text.length;
  };
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt === -1) {
      pushText(html.slice(i));
      break;
    }
    pushText(html.slice(i, lt));
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end === -1 ? html.length : end + 3;
      continue;
    }
    // Find the tag's end outside quoted attribute values.
    let j = lt + 1;
    let quote: string | null = null;
    for (; j < html.length; j++) {
      const ch = html[j];
      if (quote) {
        if (ch === quote) quote = null;
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '>') break;
    }
    const inner = html.slice(lt + 1, j);
    i = j + 1;
    if (inner.startsWith('/')) {
      out.push({ kind: 'close', tag: inner.slice(1).trim().toLowerCase() });
    } else if (/^[a-zA-Z]/.test(inner)) {
      const name = /^[a-zA-Z][a-zA-Z0-9-]*/.exec(inner)![0].toLowerCase();
      const selfClosing = inner.endsWith('/') || VOID.has(name);
      out.push({ kind: 'open', tag: name, attrs: parseAttrs(inner.slice(name.length).replace(/\/$/, '')), selfClosing });
    }
    // Anything else (a doctype, a stray '<!') holds no text.
  }
  return out;
}

export function plainTextOf(html: string): string {
  let text = '';
  for (const s of htmlSegments(html)) if (s.kind === 'text') text += s.text;
  return text;
}
