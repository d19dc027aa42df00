import fs from 'node:fs';
import path from 'node:path';
import { MP_ROOT, type Rendered } from '../tests/support/mp';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const wxss = require('miniprogram-simulate/src/wxss');

const ICONS = path.resolve(__dirname, '../node_modules/tdesign-icons-svg/src');
const STATIC = path.resolve(__dirname, '../../server/emulator/public');

/**
 * What WeChat's built-in components look like, roughly, as plain CSS: miniprogram-simulate
 * renders them as bare `wx-*` elements. Sizes are WeChat's defaults (an image without a size is
 * 320×240, a video 300×225).
 */
const BUILTIN_CSS = `
html, body { margin: 0; padding: 0; }
body { width: 375px; font-family: -apple-system, 'PingFang SC', 'Noto Sans CJK SC', 'Helvetica Neue', sans-serif; -webkit-font-smoothing: antialiased; }
wx-view, wx-scroll-view, wx-rich-text, wx-swiper, wx-form, wx-web-view, wx-cover-view { display: block; }
wx-text, wx-label { display: inline; }
wx-scroll-view { overflow: auto; }
wx-image { display: inline-block; width: 320px; height: 240px; overflow: hidden; background-repeat: no-repeat; background-position: center; background-size: 100% 100%; }
wx-image[data-wx-mode="aspectFill"] { background-size: cover; }
wx-image[data-wx-mode="aspectFit"] { background-size: contain; }
wx-image[data-wx-mode="widthFix"] { height: auto; }
wx-button { display: block; position: relative; box-sizing: border-box; margin: 0 auto; padding: 0 14px; font-size: 18px; line-height: 2.55; text-align: center; border-radius: 5px; background: #f8f8f8; color: #000; overflow: hidden; }
wx-input { display: flex; align-items: center; min-height: 1.4em; line-height: 1.4em; overflow: hidden; white-space: nowrap; }
wx-input[data-wx-empty]::before, wx-textarea[data-wx-empty]::before { content: attr(data-wx-placeholder); color: #b8bac0; }
wx-textarea { display: block; width: 300px; min-height: 1.4em; line-height: 1.4em; white-space: pre-wrap; }
wx-slider { display: block; margin: 10px 18px; padding: 8px 0; }
wx-slider::before { content: ''; display: block; height: 2px; background: linear-gradient(90deg, #0052d9 var(--wx-slider, 0%), #e5e5e5 var(--wx-slider, 0%)); }
wx-video { display: inline-block; width: 300px; height: 225px; position: relative; overflow: hidden; background: #000 radial-gradient(circle at 50% 50%, #2a2f3a, #000); }
wx-video::after { content: '▶'; position: absolute; left: 50%; top: 50%; transform: translate(-50%, -50%); color: rgba(255,255,255,0.85); font-size: 36px; }
wx-web-view { min-height: 600px; background: repeating-linear-gradient(45deg, #f3f4f6, #f3f4f6 10px, #eceef1 10px, #eceef1 20px); }
wx-web-view::before { content: 'web-view：' attr(data-wx-src); display: block; padding: 16px; font-size: 13px; color: #5e6066; word-break: break-all; }
.shot-icon { display: inline-block; width: 1em; height: 1em; vertical-align: -0.125em; background-color: currentColor; -webkit-mask-size: 100% 100%; mask-size: 100% 100%; }
`;

/** app.wxss as it applies to the page (its classes carry the page's `main--` prefix in simulate). */
function appCss(toPx: (css: string) => string): string {
  const source = fs.readFileSync(path.join(MP_ROOT, 'app.wxss'), 'utf8').replace(/(^|[\s,}])page(\s*[{,])/g, '$1body$2');
  // Page classes are prefixed `main--`; components that opt into global classes keep their own prefix.
  const compiled = ['main', 'mini-player'].map((prefix) => wxss.compile(source, { prefix }));
  return toPx([source, ...compiled].join('\n'));
}

function iconCss(name: string): string {
  const file = path.join(ICONS, `${name}.svg`);
  if (!fs.existsSync(file)) return '';
  // The package writes `view-box` and 1em sizes for its web components; a mask image needs a
  // real viewBox, a pixel size and an opaque colour where the glyph is drawn.
  const svg = fs
    .readFileSync(file, 'utf8')
    .replace(/view-box=/g, 'viewBox=')
    .replace(/width="1em" height="1em"/, 'width="24" height="24"')
    .replace(/currentColor/g, '#000');
  const uri = `url("data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}")`;
  return `-webkit-mask-image: ${uri}; mask-image: ${uri};`;
}

function assetFile(src: string): string {
  if (src.startsWith('/static/')) return `file://${path.join(STATIC, src.slice('/static/'.length))}`;
  if (/^https?:\/\/127\.0\.0\.1:\d+\/static\//.test(src))
    return `file://${path.join(STATIC, src.replace(/^https?:\/\/[^/]+\/static\//, ''))}`;
  return src;
}

/** The template attributes j-component keeps on each node (`_vt.attrs`), which built-ins need. */
function vtAttrs(el: Element): Record<string, unknown> {
  const node = (el as unknown as { __wxElement?: { _vt?: { attrs?: Array<{ name: string; value: unknown }> } } }).__wxElement;
  const out: Record<string, unknown> = {};
  for (const a of node?._vt?.attrs ?? []) out[a.name] = a.value;
  return out;
}

interface RichNode {
  type?: string;
  name?: string;
  text?: string;
  attrs?: Record<string, string>;
  children?: RichNode[];
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const VOID = new Set(['img', 'br', 'hr']);

/** rich-text `nodes` (what mp-html hands to it) as the HTML the platform draws. */
function richHtml(nodes: unknown): string {
  if (typeof nodes === 'string') return nodes;
  if (!Array.isArray(nodes)) return '';
  return (nodes as RichNode[])
    .map((n) => {
      if (n.type === 'text') return escapeHtml(n.text ?? '');
      const name = (n.name ?? 'span').toLowerCase();
      const attrs = Object.entries(n.attrs ?? {})
        .map(([k, v]) => ` ${k}="${String(v).replace(/"/g, '&quot;')}"`)
        .join('');
      return VOID.has(name) ? `<${name}${attrs}>` : `<${name}${attrs}>${richHtml(n.children)}</${name}>`;
    })
    .join('');
}

/** Makes the rendered DOM presentable in a browser: images, icons, inputs, sliders, videos. */
function dress(root: Element, icons: Set<string>): void {
  for (const el of Array.from(root.querySelectorAll('*'))) {
    const tag = el.tagName.toLowerCase();
    const attrs = vtAttrs(el);
    if (tag === 'wx-image') {
      const src = String(attrs.src ?? '');
      if (src) (el as HTMLElement).style.backgroundImage = `url("${assetFile(src)}")`;
      if (attrs.mode) el.setAttribute('data-wx-mode', String(attrs.mode));
    } else if (tag === 'wx-input' || tag === 'wx-textarea') {
      const value = String(attrs.value ?? '');
      if (value) el.textContent = value;
      else {
        el.setAttribute('data-wx-empty', '');
        el.setAttribute('data-wx-placeholder', String(attrs.placeholder ?? ''));
      }
    } else if (tag === 'wx-slider') {
      const max = Number(attrs.max ?? 100) || 100;
      const value = Number(attrs.value ?? 0);
      (el as HTMLElement).style.setProperty('--wx-slider', `${Math.max(0, Math.min(100, (value / max) * 100))}%`);
    } else if (tag === 'wx-rich-text') {
      el.innerHTML = richHtml(attrs.nodes);
    } else if (tag === 'wx-web-view') {
      el.setAttribute('data-wx-src', String(attrs.src ?? ''));
    } else if (tag === 'wx-label') {
      // TDesign's icon font is loaded from the network in WeChat; here each glyph is its SVG.
      const name = Array.from(el.classList)
        .map((c) => /^(?:t-icon--)?t-icon-([a-z0-9-]+)$/.exec(c)?.[1])
        .find((n) => n && n !== 'base');
      if (name) {
        // A rule per glyph (jsdom's style parser would drop mask properties from the attribute).
        el.classList.add('shot-icon');
        el.setAttribute('data-shot-icon', name);
        icons.add(name);
      }
    }
  }
}

export interface ShotPage {
  page: Rendered;
  /** Fixed chrome drawn over the page (the custom tab bar on tab pages). */
  overlays?: Rendered[];
}

/** One self-contained HTML document of what the page shows. */
export function toHtml({ page, overlays = [] }: ShotPage, toPx: (css: string) => string, title: string): string {
  const styles = Array.from(document.head.querySelectorAll('style'))
    .map((s) => s.innerHTML)
    .join('\n');
  const icons = new Set<string>();
  const parts = [page, ...overlays].map((r) => {
    dress(r.comp.dom, icons);
    return r.comp.dom.outerHTML;
  });
  const iconRules = [...icons].map((name) => `[data-shot-icon="${name}"] { ${iconCss(name)} }`).join('\n');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title>
<style>${BUILTIN_CSS}</style><style>${appCss(toPx)}</style><style>${styles}</style><style>${iconRules}</style></head>
<body>${parts.join('\n')}</body></html>`;
}
