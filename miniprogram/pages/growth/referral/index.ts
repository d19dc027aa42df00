import { referralMe, referralPoster, type ReferralMe } from '../../../services/growth';
import { column as getColumn } from '../../../services/catalog';
import { toApiError } from '../../../services/errors';
import { yuan } from '../../../utils/format';
import { idFrom, routes } from '../../../utils/nav';
import { drawPoster, type CanvasLike } from '../../../utils/poster';

/**
 * 我的推广 (single level): the learner's code, pending / available / cancelled commission, a
 * share link carrying the code, and a poster drawn on a canvas and saved to the album.
 * Sharing is never rewarded by itself: commission comes only from a referred learner's paid order.
 */
Component({
  data: {
    status: 'loading' as 'loading' | 'ok' | 'error',
    message: '',
    me: null as ReferralMe | null,
    pendingText: '',
    availableText: '',
    cancelledText: '',
    columnId: 0,
    saving: false,
    posterPath: '',
    notice: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ columnId: idFrom(query.columnId) });
      return this.load();
    },
    async load() {
      try {
        const me = await referralMe();
        this.setData({
          status: 'ok',
          me,
          pendingText: yuan(me.pendingFen),
          availableText: yuan(me.availableFen),
          cancelledText: yuan(me.cancelledFen),
        });
      } catch (err) {
        this.setData({ status: 'error', message: toApiError(err).message });
      }
    },
    onShareAppMessage() {
      const code = this.data.me?.code ?? '';
      const path = this.data.columnId ? `${routes.column(this.data.columnId)}&ref=${code}` : `${routes.home()}?ref=${code}`;
      return { title: '推荐你一起学习', path };
    },
    /** The canvas node of the page (replaced in tests). */
    getCanvas(): Promise<CanvasLike> {
      return new Promise((resolve, reject) => {
        this.createSelectorQuery()
          .select('#poster')
          .fields({ node: true, size: true })
          .exec((res: Array<{ node?: CanvasLike } | null>) => (res[0]?.node ? resolve(res[0].node) : reject(new Error('no canvas'))));
      });
    },
    /** The mini program code arrives as a data URL; the canvas loads it from a local file. */
    writeMiniCode(dataUrl: string): Promise<string> {
      const filePath = `${wx.env.USER_DATA_PATH}/referral-code.png`;
      return new Promise((resolve, reject) => {
        wx.getFileSystemManager().writeFile({
          filePath,
          data: dataUrl.replace(/^data:image\/png;base64,/, ''),
          encoding: 'base64',
          success: () => resolve(filePath),
          fail: reject,
        });
      });
    },
    async savePoster() {
      if (this.data.saving || !this.data.me) return;
      this.setData({ saving: true, notice: '' });
      try {
        const [poster, column] = await Promise.all([
          referralPoster(),
          this.data.columnId ? getColumn(this.data.columnId) : Promise.resolve(null),
        ]);
        const canvas = await this.getCanvas();
        const card = column?.column;
        await drawPoster(canvas, {
          title: card?.title ?? '和我一起，每天进步一点点',
          priceText: card ? yuan(card.promoPriceFen ?? card.priceFen) : '精选好课',
          code: poster.code,
          coverSrc: card?.cover || undefined,
          miniCodeSrc: await this.writeMiniCode(poster.image),
        });
        const { tempFilePath } = await new Promise<{ tempFilePath: string }>((resolve, reject) =>
          wx.canvasToTempFilePath({ canvas: canvas as unknown as WechatMiniprogram.Canvas, success: resolve, fail: reject } as never),
        );
        this.setData({ posterPath: tempFilePath });
        // Saving to the album is a privacy-gated API: the privacy agreement pops up first when needed.
        if (typeof wx.requirePrivacyAuthorize === 'function') {
          await new Promise<void>((resolve, reject) => wx.requirePrivacyAuthorize({ success: () => resolve(), fail: reject }));
        }
        await new Promise((resolve, reject) => wx.saveImageToPhotosAlbum({ filePath: tempFilePath, success: resolve, fail: reject }));
        wx.showToast({ title: '海报已保存到相册', icon: 'success' });
      } catch (err) {
        const msg = (err as { errMsg?: string })?.errMsg ?? '';
        this.setData({ notice: /auth|deny|privacy/i.test(msg) ? '需要你同意保存到相册，才能保存海报' : '海报生成失败，请稍后重试' });
      } finally {
        this.setData({ saving: false });
      }
    },
  },
});
