import { adminToken } from '../../../tests/functions/admin/admin-support';
import { createMpApp, type MpApp } from '../support/mp';
import { columnId } from '../support/seed';

/**
 * Selling tools, page by page against the real functions: a coupon claimed in 我的优惠券 is
 * picked by default at checkout and spent by the payment; a gift is bought, shared and claimed
 * by a friend; a referred friend's purchase shows up as pending commission on 我的推广, whose
 * poster is drawn on a canvas and saved to the album.
 */
describe('growth flows', () => {
  let app: MpApp;
  let bearer: string;

  beforeAll(async () => {
    app = await createMpApp({ openid: 'growth-learner' });
    bearer = await adminToken(app.h, 'mp-growth-owner', 'owner');
  });
  afterAll(() => app.close());
  afterEach(() => {
    app.fake.paySheet = 'pay';
  });

  it('coupon: claim in 领券中心 → checkout picks the best coupon → pay → coupon used', async () => {
    const column = await columnId(app.h.db, '高效学习的科学');
    const small = await app.h.ok(
      'admin',
      'coupon.create',
      { title: '新人券', discount: { type: 'amount', amountFen: 500 }, stock: 10, perUserLimit: 1 },
      { bearer },
    );
    await app.h.ok(
      'admin',
      'coupon.create',
      { title: '专栏八折', discount: { type: 'percent', percentOff: 20 }, itemType: 'column', stock: 10, perUserLimit: 1 },
      { bearer },
    );
    const coupons = await app.open('/pages/growth/coupons/index');
    expect(coupons.text()).toContain('新人券');
    expect(coupons.text()).toContain('8 折');
    await coupons.tap('.claim', 0);
    await coupons.tap('.claim', 0);
    expect(coupons.page.data.mine).toHaveLength(2);
    expect(coupons.text()).toContain('可使用');

    const confirm = await app.open(`/pages/order/confirm/index?itemType=column&itemId=${column}`);
    // The checkout quotes with the best coupon and locks nothing until pay is tapped.
    expect(confirm.page.data.amountFen).toBe(7920);
    expect(confirm.page.data.order.orderNo).toBeUndefined();
    expect(confirm.text()).toContain('-¥19.8');
    expect(confirm.text()).toContain('¥79.2');
    const unusedNow = await app.h.ok('coupon', 'mine', {}, { openid: 'growth-learner' });
    expect(unusedNow.items.map((u: any) => u.status)).toEqual(['unused', 'unused']);
    // Switching to the smaller coupon re-quotes.
    await confirm.tap('.coupon-row');
    const smallIndex = confirm.page.data.coupons.findIndex((c: any) => c.title === '新人券');
    await confirm.tap('.coupon-option', smallIndex);
    expect(confirm.page.data.amountFen).toBe(9400);
    expect(confirm.text()).toContain('-¥5');
    await confirm.tap('.pay');
    expect(confirm.page.data.order).toMatchObject({ originalFen: 9900, discountFen: 500, amountFen: 9400 });
    expect(confirm.page.data.stage).toBe('paid');
    const mine = await app.h.ok('coupon', 'mine', {}, { openid: 'growth-learner' });
    expect(mine.items.find((u: any) => u.coupon.id === small.id).status).toBe('used');
    expect(mine.items.find((u: any) => u.coupon.id !== small.id).status).toBe('unused');
    const after = await app.open('/pages/growth/coupons/index');
    expect(after.text()).toContain('已使用');
  });

  it('gift: buy something you own as a gift → share card → a friend claims it once; the giver cannot', async () => {
    const column = await columnId(app.h.db, '高效学习的科学'); // owned since the last test
    const confirm = await app.open(`/pages/order/confirm/index?itemType=column&itemId=${column}&gift=1`);
    expect(confirm.page.data.status).toBe('ok');
    expect(confirm.text()).toContain('送给好友');
    await confirm.tap('.pay');
    expect(confirm.page.data.stage).toBe('paid');
    await confirm.tap('.send-gift');
    expect(app.lastRoute()).toBe(`/pages/growth/gift/index?orderNo=${confirm.page.data.order.orderNo}`);
    const send = await app.open(app.lastRoute());
    expect(send.text()).toContain('等待好友领取');
    const share = send.page.onShareAppMessage();
    expect(share.title).toContain('高效学习的科学');
    expect(share.path).toMatch(/^\/pages\/growth\/claim\/index\?token=[0-9a-f]{24}$/);

    const own = await app.open(share.path);
    await own.tap('.claim');
    expect(own.text()).toContain('这是你送出的礼物');

    await app.as('gift-friend', async () => {
      const claim = await app.open(share.path);
      expect(claim.text()).toContain('高效学习的科学');
      await claim.tap('.claim');
      expect(claim.text()).toContain('已领取，永久有效');
      const detail = await app.h.ok('catalog', 'column', { columnId: column }, { openid: 'gift-friend' });
      expect(detail.owned).toBe(true);
    });
    await app.as('gift-friend-2', async () => {
      const late = await app.open(share.path);
      expect(late.text()).toContain('礼物已被领取');
    });
    const again = await app.open(`/pages/growth/gift/index?orderNo=${confirm.page.data.order.orderNo}`);
    expect(again.text()).toContain('好友已领取');
    // The buyer finds it again under 我的订单.
    const orders = await app.open('/pages/account/orders/index');
    expect(orders.count('gift')).toBeGreaterThan(0); // the gift icon (TDesign, not an emoji)
    await orders.tap('.open-gift');
    expect(app.lastRoute()).toBe(`/pages/growth/gift/index?orderNo=${confirm.page.data.order.orderNo}`);
  });

  it('referral: the friend arrives with the code, buys, and 我的推广 shows the pending commission; the poster is saved', async () => {
    await app.h.ok('admin', 'referral.settings', { ratePercent: 10, holdDays: 7 }, { bearer });
    const page = await app.open('/pages/growth/referral/index');
    const code = page.page.data.me.code;
    expect(page.text()).toContain(code);
    expect(page.page.onShareAppMessage().path).toBe(`/pages/home/index/index?ref=${code}`);

    const column = await columnId(app.h.db, '产品经理的 30 堂课');
    await app.as('referred-friend', async () => {
      // The app shell binds the code from the share link's query (App.onShow).
      await app.mp('services/growth').bindPendingReferral({ ref: code });
      const confirm = await app.open(`/pages/order/confirm/index?itemType=column&itemId=${column}`);
      await confirm.tap('.pay');
      expect(confirm.page.data.stage).toBe('paid');
    });
    const paid = await app.h
      .db('orders')
      .join('users', 'users.id', 'orders.user_id')
      .where('users.openid', 'referred-friend')
      .first('orders.amount_fen');
    const mine = await app.open('/pages/growth/referral/index');
    expect(mine.page.data.me.pendingFen).toBe(Math.floor(paid.amount_fen / 10));
    expect(mine.text()).toContain(app.mp('utils/format').yuan(Math.floor(paid.amount_fen / 10)));
    expect(mine.text()).toContain('待结算');

    // The poster: drawn on the canvas, exported, saved to the album (behind the privacy agreement).
    const strokes: string[] = [];
    const canvas = {
      width: 0,
      height: 0,
      getContext: () => ({
        fillStyle: '',
        font: '',
        textAlign: '',
        fillRect: () => strokes.push('rect'),
        fillText: (t: string) => strokes.push(`text:${t}`),
        drawImage: () => strokes.push('image'),
      }),
      createImage() {
        const img: any = { onload: null, onerror: null };
        Object.defineProperty(img, 'src', { set: () => setTimeout(() => img.onload?.(), 0) });
        return img;
      },
    };
    mine.page.getCanvas = async () => canvas;
    const written: any[] = [];
    const saved: any[] = [];
    let privacyAsked = 0;
    Object.assign(app.fake.wx, {
      env: { USER_DATA_PATH: 'wxfile://usr' },
      getFileSystemManager: () => ({ writeFile: (o: any) => (written.push(o), o.success()) }),
      canvasToTempFilePath: (o: any) => o.success({ tempFilePath: 'wxfile://tmp/poster.png' }),
      requirePrivacyAuthorize: (o: any) => (privacyAsked++, o.success()),
      saveImageToPhotosAlbum: (o: any) => (saved.push(o.filePath), o.success()),
    });
    await mine.tap('.save-poster');
    expect(written[0]).toMatchObject({ filePath: 'wxfile://usr/referral-code.png', encoding: 'base64' });
    expect(Buffer.from(written[0].data, 'base64').subarray(1, 4).toString()).toBe('PNG');
    expect(strokes).toContain(`text:推广码 ${code}`);
    expect(strokes.filter((s) => s === 'image').length).toBeGreaterThanOrEqual(1);
    expect(privacyAsked).toBe(1);
    expect(saved).toEqual(['wxfile://tmp/poster.png']);
    expect(app.fake.toasts).toContain('海报已保存到相册');
  });
});

describe('limited-time price on the home cards', () => {
  let app: MpApp;
  afterAll(() => app.close());

  it('a live promotion shows its price, the struck-through list price and a countdown', async () => {
    app = await createMpApp({ openid: 'promo-viewer' });
    const bearer = await adminToken(app.h, 'mp-promo-owner', 'owner');
    const column = await columnId(app.h.db, '高效学习的科学');
    const now = app.h.clock.now().getTime();
    await app.h.ok(
      'admin',
      'promotion.create',
      {
        itemType: 'column',
        itemId: column,
        priceFen: 4900,
        startsAt: new Date(now - 60_000).toISOString(),
        endsAt: new Date(now + (2 * 24 + 3) * 3600_000 + 60_000).toISOString(),
      },
      { bearer },
    );
    const home = await app.open('/pages/home/index/index');
    const card = home.page.data.columns.find((c: any) => c.id === column);
    expect(card).toMatchObject({ priceFen: 9900, promoPriceFen: 4900 });
    expect(home.text()).toContain('¥49');
    expect(home.count('list-price')).toBe(1);
    // The countdown reads the device clock; against the harness clock it says:
    expect(app.mp('utils/countdown').countdownText(card.promoEndsAt, now)).toBe('剩 2 天 3 小时');
  });
});
