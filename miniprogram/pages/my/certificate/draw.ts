/** What the certificate image shows (the public record; no openid ever reaches the device). */
export interface CertificateView {
  certificateNo: string;
  columnTitle: string;
  learnerName: string;
  issuedAt: string;
}

/** The subset of CanvasRenderingContext2D the drawing uses (canvas type="2d"). */
export interface Ctx2d {
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  font: string;
  textAlign: string;
  fillRect(x: number, y: number, w: number, h: number): void;
  strokeRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
}

export const VERIFY_PAGE = '/pages/my/verify/index';

/** Beijing date of an instant, as printed on the certificate. */
export function issuedDate(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/**
 * Draws the certificate at width × height (logical px): border, title, name, column, date,
 * number, and where to verify it (the verification page takes the number).
 */
export function drawCertificate(ctx: Ctx2d, cert: CertificateView, width: number, height: number): void {
  ctx.fillStyle = '#fffdf6';
  ctx.fillRect(0, 0, width, height);
  ctx.strokeStyle = '#c9a227';
  ctx.lineWidth = 6;
  ctx.strokeRect(12, 12, width - 24, height - 24);
  ctx.lineWidth = 1;
  ctx.strokeRect(24, 24, width - 48, height - 48);
  ctx.textAlign = 'center';
  const cx = width / 2;
  ctx.fillStyle = '#8a6d0b';
  ctx.font = 'bold 28px sans-serif';
  ctx.fillText('结业证书', cx, 90);
  ctx.fillStyle = '#333';
  ctx.font = '16px sans-serif';
  ctx.fillText('兹证明', cx, 140);
  ctx.font = 'bold 24px sans-serif';
  ctx.fillText(cert.learnerName, cx, 180);
  ctx.font = '16px sans-serif';
  ctx.fillText('已学完专栏', cx, 220);
  ctx.font = 'bold 20px sans-serif';
  ctx.fillText(`《${cert.columnTitle}》`, cx, 256);
  ctx.font = '16px sans-serif';
  ctx.fillText('全部课程并通过测验，特发此证。', cx, 292);
  ctx.fillText(issuedDate(cert.issuedAt), cx, height - 110);
  ctx.fillStyle = '#666';
  ctx.font = '13px monospace';
  ctx.fillText(`证书编号 ${cert.certificateNo}`, cx, height - 76);
  ctx.font = '12px sans-serif';
  ctx.fillText('在小程序「我的 › 证书验证」输入编号即可查验真伪', cx, height - 52);
}
