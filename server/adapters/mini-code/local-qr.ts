import QRCode from 'qrcode';
import type { MiniCode, MiniCodeRequest } from '../../ports/mini-code';

/** Local runs and tests: a real QR code (PNG) of `page?scene=…`, which DevTools' scanner can open. */
export function createLocalQrMiniCode(): MiniCode {
  return {
    kind: 'local-qr',
    getUnlimited: (req: MiniCodeRequest) =>
      QRCode.toBuffer(`${req.page}?scene=${encodeURIComponent(req.scene)}`, { type: 'png', width: req.width ?? 430, margin: 1 }),
  };
}
