/**
 * The body cut into tappable sentences for highlights and notes. The text itself — what an anchor
 * counts in — is the server's one definition, generated into `plain-text.gen.ts`.
 */
import { htmlSegments, plainTextOf, type HtmlSegment } from './plain-text.gen';

export { htmlSegments, plainTextOf, type HtmlSegment };

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
