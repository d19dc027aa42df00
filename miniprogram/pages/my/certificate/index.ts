import { certificate } from '../../../services/learning';
import { loadFailed } from '../../../utils/page';
import { toApiError } from '../../../services/errors';
import { drawCertificate, issuedDate, VERIFY_PAGE, type CertificateView } from './draw';

const WIDTH = 340;
const HEIGHT = 480;

/**
 * A column's certificate: where the learner stands, the claim (issued once by the server), and
 * the certificate drawn on a canvas that can be saved to the album.
 */
Component({
  data: {
    status: 'loading' as 'loading' | 'ok' | 'error',
    message: '',
    columnId: 0,
    standing: { total: 0, completed: 0, quizzes: 0, quizzesPassed: 0 },
    eligible: false,
    cert: null as (CertificateView & { status: string; dateText: string }) | null,
    drawn: false,
    hasCode: false,
    error: '',
  },
  methods: {
    onLoad(query: Record<string, string>) {
      this.setData({ columnId: Number(query.columnId) || 0 });
      return this.load();
    },
    async load() {
      try {
        const s = await certificate.status(this.data.columnId);
        this.setData({
          status: 'ok',
          standing: { total: s.total, completed: s.completed, quizzes: s.quizzes, quizzesPassed: s.quizzesPassed },
          eligible: s.eligible,
          cert: s.certificate ? { ...s.certificate, dateText: issuedDate(s.certificate.issuedAt) } : null,
        });
        if (s.certificate) this.draw();
      } catch (err) {
        this.setData(loadFailed(err));
      }
    },
    async claim() {
      try {
        const c = await certificate.claim(this.data.columnId);
        this.setData({ cert: { ...c, dateText: issuedDate(c.issuedAt) }, error: '' });
        this.draw();
      } catch (err) {
        this.setData({ error: toApiError(err).message });
      }
    },
    /** canvas type="2d": the node comes from a selector query once the canvas is laid out. */
    draw() {
      const cert = this.data.cert;
      if (!cert) return;
      wx.createSelectorQuery()
        .in(this)
        .select('#cert')
        .fields({ node: true, size: true }, (res: { node?: WechatMiniprogram.Canvas } | null) => {
          const canvas = res?.node;
          if (!canvas) return;
          const dpr = wx.getWindowInfo().pixelRatio || 2;
          canvas.width = WIDTH * dpr;
          canvas.height = HEIGHT * dpr;
          const ctx = canvas.getContext('2d') as unknown as Parameters<typeof drawCertificate>[0] & {
            scale(x: number, y: number): void;
            drawImage(img: unknown, x: number, y: number, w: number, h: number): void;
          };
          ctx.scale(dpr, dpr);
          drawCertificate(ctx, cert, WIDTH, HEIGHT);
          (this as unknown as { _canvas?: WechatMiniprogram.Canvas })._canvas = canvas;
          this.setData({ drawn: true });
          this.drawCode(canvas, ctx);
        })
        .exec();
    },
    /** The 小程序码 that opens the verification page (none in local runs: the text line says where to verify). */
    async drawCode(canvas: WechatMiniprogram.Canvas, ctx: { drawImage(img: unknown, x: number, y: number, w: number, h: number): void }) {
      try {
        const code = await certificate.code(this.data.columnId);
        if (!code.image) return;
        const img = canvas.createImage();
        img.onload = () => ctx.drawImage(img, WIDTH - 100, HEIGHT - 190, 72, 72);
        img.src = code.image;
        this.setData({ hasCode: true });
      } catch {
        // The certificate stands without its code; the number verifies it too.
      }
    },
    save() {
      const canvas = (this as unknown as { _canvas?: WechatMiniprogram.Canvas })._canvas;
      if (!canvas) return;
      wx.canvasToTempFilePath({
        canvas,
        success: ({ tempFilePath }) =>
          wx.saveImageToPhotosAlbum({
            filePath: tempFilePath,
            success: () => wx.showToast({ title: '已保存到相册', icon: 'success' }),
            fail: () => wx.showToast({ title: '保存失败，请允许访问相册', icon: 'none' }),
          }),
      });
    },
    verify() {
      if (this.data.cert) wx.navigateTo({ url: `${VERIFY_PAGE}?no=${this.data.cert.certificateNo}` });
    },
  },
});
