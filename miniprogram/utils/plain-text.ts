/**
 * A copy of `server/domain/content/plain-text.ts` (the mini program is compiled file by file and
 * cannot import server code): anchors of notes are offsets into the concatenated text nodes of the
 * article html, entities decoded, nothing added — UTF-16 indices. `mp-tests` checks this copy
 * against the server's on real articles. Below the copy: the body cut into tappable sentences.
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

/** A passage the learner can tap: its text and where it sits in the plain text. */
export interface Sentence {
  start: number;
  end: number;
  text: string;
}

export interface Paragraph {
  /** The block's tag (p, h2, li, pre …), for styling. */
  tag: string;
  sentences: Sentence[];
}

const BLOCKS = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'blockquote',
  'pre',
  'td',
  'th',
  'dt',
  'dd',
  'figcaption',
  'caption',
]);
const SENTENCE_END = /[。！？!?；;…]+["'」』）)]*|\n/g;

/**
 * The body as paragraphs of sentences with their plain-text offsets. Whitespace-only text between
 * blocks is skipped for display but still counted, so every offset is the server's.
 */
export function paragraphsOf(html: string): Paragraph[] {
  const out: Paragraph[] = [];
  let current: { tag: string; start: number; text: string } | null = null;
  const stack: string[] = [];
  const flush = () => {
    if (current && current.text.trim()) {
      const sentences: Sentence[] = [];
      let from = 0;
      const text = current.text;
      const cut = (to: number) => {
        const piece = text.slice(from, to);
        if (piece.trim()) sentences.push({ start: current!.start + from, end: current!.start + to, text: piece });
        from = to;
      };
      SENTENCE_END.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = SENTENCE_END.exec(text))) cut(m.index + m[0].length);
      cut(text.length);
      out.push({ tag: current.tag, sentences });
    }
    current = null;
  };
  for (const seg of htmlSegments(html)) {
    if (seg.kind === 'open' && !seg.selfClosing) {
      if (BLOCKS.has(seg.tag)) flush();
      stack.push(seg.tag);
    } else if (seg.kind === 'close') {
      if (BLOCKS.has(seg.tag)) flush();
      const at = stack.lastIndexOf(seg.tag);
      if (at >= 0) stack.length = at;
    } else if (seg.kind === 'text') {
      const block = [...stack].reverse().find((t) => BLOCKS.has(t));
      if (!block) continue; // whitespace between blocks
      if (!current) current = { tag: block, start: seg.offset, text: '' };
      // Text nodes of one block are contiguous in the plain text (tags add nothing).
      current.text += seg.text;
    }
  }
  flush();
  return out;
}
