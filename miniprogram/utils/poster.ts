/**
 * The referral poster, drawn on a 2d canvas: cover, title, price, the learner's code and the
 * mini program code. Pure drawing over a canvas-like object so tests can record the strokes.
 */
export interface PosterSpec {
  title: string;
  priceText: string;
  code: string;
  coverSrc?: string;
  miniCodeSrc: string;
}

export interface CanvasLike {
  width: number;
  height: number;
  getContext(kind: '2d'): Ctx2d;
  createImage(): { src: string; onload: (() => void) | null; onerror: ((e: unknown) => void) | null; width?: number; height?: number };
}

export interface Ctx2d {
  fillStyle: string;
  font: string;
  textAlign: string;
  fillRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number, maxWidth?: number): void;
  drawImage(img: unknown, x: number, y: number, w: number, h: number): void;
}

export const POSTER_W = 600;
export const POSTER_H = 900;

function loadImage(canvas: CanvasLike, src: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const img = canvas.createImage();
    img.onload = () => resolve(img);
    img.onerror = reject;
    img.src = src;
  });
}

/** Long titles are cut to two lines of about 14 characters. */
export function titleLines(title: string, perLine = 14): string[] {
  const chars = [...title];
  const lines = [chars.slice(0, perLine).join(''), chars.slice(perLine, perLine * 2).join('')].filter(Boolean);
  if (chars.length > perLine * 2) lines[1] = lines[1]!.slice(0, perLine - 1) + '…';
  return lines;
}

export async function drawPoster(canvas: CanvasLike, spec: PosterSpec): Promise<void> {
  canvas.width = POSTER_W;
  canvas.height = POSTER_H;
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, POSTER_W, POSTER_H);
  if (spec.coverSrc) {
    try {
      ctx.drawImage(await loadImage(canvas, spec.coverSrc), 0, 0, POSTER_W, 340);
    } catch {
      // A cover that cannot load leaves the space plain: the poster is still useful.
      ctx.fillStyle = '#f0f3ff';
      ctx.fillRect(0, 0, POSTER_W, 340);
    }
  } else {
    ctx.fillStyle = '#f0f3ff';
    ctx.fillRect(0, 0, POSTER_W, 340);
  }
  ctx.textAlign = 'left';
  ctx.fillStyle = '#1d2129';
  ctx.font = 'bold 36px sans-serif';
  titleLines(spec.title).forEach((line, i) => ctx.fillText(line, 40, 410 + i * 50, POSTER_W - 80));
  ctx.fillStyle = '#d54941';
  ctx.font = 'bold 40px sans-serif';
  ctx.fillText(spec.priceText, 40, 540);
  ctx.drawImage(await loadImage(canvas, spec.miniCodeSrc), POSTER_W - 240, 600, 200, 200);
  ctx.fillStyle = '#5e6066';
  ctx.font = '26px sans-serif';
  ctx.fillText('长按识别小程序码', 40, 680);
  ctx.fillText(`推广码 ${spec.code}`, 40, 730);
}
