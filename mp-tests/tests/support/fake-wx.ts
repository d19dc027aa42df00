import type { Harness } from '../../../tests/support/harness';
import { callerFor } from '../../../tests/support/harness';
import { loadFunction } from '../../../server/emulator/functions';
import { httpAccessEvent } from '../../../server/emulator/sandbox-cashier';
import { XPaySandboxGateway } from '../../../server/adapters/payment/xpay-sandbox.gateway';

/**
 * A `wx` whose backend is real: `wx.cloud.callFunction` (cloud mode) and `wx.request` to
 * `/fn/<name>` (local mode) invoke the real cloud functions through the test harness with the
 * caller's openid, exactly as the platform / local gateway would. Everything the UI does that
 * leaves the page (navigation, toasts, payment sheet, audio) is recorded for assertions.
 */
export type PaySheet = 'pay' | 'cancel' | 'fail';

export interface FakeWx {
  wx: Record<string, any>;
  calls: Array<{ name: string; action: string; input: Record<string, unknown> }>;
  navigations: Array<{ kind: string; url?: string; delta?: number }>;
  toasts: string[];
  clipboard: string[];
  storage: Map<string, unknown>;
  audio: FakeAudio;
  /** When false, every call fails as a dropped connection would. */
  online: boolean;
  /** What the learner does in the WeChat Pay sheet. */
  paySheet: PaySheet;
  payments: Array<Record<string, unknown>>;
  /** What wx.requestVirtualPayment was handed (xpay / xpay-sandbox). */
  virtualPayments: Array<Record<string, unknown>>;
  /** wx.login codes handed out. */
  logins: string[];
  /** The listener a page registered with wx.onNeedPrivacyAuthorization (the platform calls it). */
  privacyListener: ((resolve: (r: { event: string; buttonId?: string }) => void) => void) | null;
  /** What the popup answered the platform, in order. */
  privacyAnswers: Array<{ event: string; buttonId?: string }>;
  /** What the learner taps in wx.showModal. */
  modalConfirm: boolean;
  modals: string[];
  platform: 'android' | 'ios' | 'devtools';
  openid: string;
  /** The sandbox cashier's 支付 button: marks the trade paid and runs the real pay-notify. */
  paySandbox(orderNo: string): Promise<unknown>;
  /** Backend calls started and not yet answered (the harness waits for 0). */
  inflight: number;
  /** What the learner answers in the subscription-message prompt (per template id). */
  subscribeAnswer: 'accept' | 'reject';
  subscribePrompts: string[][];
  /** Every call made on a canvas 2d context (`[method, ...args]`), and images saved to the album. */
  canvasOps: unknown[][];
  savedImages: string[];
}

export class FakeAudio {
  src = '';
  title = '';
  epname = '';
  singer = '';
  coverImgUrl = '';
  startTime = 0;
  playbackRate = 1;
  currentTime = 0;
  paused = true;
  private handlers: Record<string, () => void> = {};
  onPlay(fn: () => void) { this.handlers.play = fn; }
  onPause(fn: () => void) { this.handlers.pause = fn; }
  onStop(fn: () => void) { this.handlers.stop = fn; }
  onEnded(fn: () => void) { this.handlers.ended = fn; }
  onTimeUpdate(fn: () => void) { this.handlers.timeupdate = fn; }
  play() { this.paused = false; this.handlers.play?.(); }
  pause() { this.paused = true; this.handlers.pause?.(); }
  seek(sec: number) { this.currentTime = sec; }
  /** Test helper: the platform reports playback reaching `sec`. */
  advanceTo(sec: number) { this.currentTime = sec; this.handlers.timeupdate?.(); }
}

export function createFakeWx(h: Harness, options: { openid: string; platform?: FakeWx['platform'] }): FakeWx {
  const fake: FakeWx = {
    wx: {},
    calls: [],
    navigations: [],
    toasts: [],
    clipboard: [],
    storage: new Map(),
    audio: new FakeAudio(),
    online: true,
    paySheet: 'pay',
    payments: [],
    virtualPayments: [],
    logins: [],
    privacyListener: null,
    privacyAnswers: [],
    modalConfirm: true,
    modals: [],
    platform: options.platform ?? 'android',
    inflight: 0,
    subscribeAnswer: 'accept',
    subscribePrompts: [],
    canvasOps: [],
    savedImages: [],
    openid: options.openid,
    async paySandbox(orderNo: string) {
      const gateway = (h.deps as unknown as { payments?: { pay?(orderNo: string): unknown } }).payments;
      if (!gateway?.pay) throw new Error('the sandbox payment gateway is not wired into the test deps');
      const event = gateway.pay(orderNo);
      if (!event) throw new Error(`sandbox has no payable trade ${orderNo}`);
      return loadFunction('pay-notify').invoke(event, { deps: h.deps, caller: callerFor({ source: 'wx_paycallback' }) });
    },
  };

  const invoke = async (name: string, data: Record<string, unknown>, openid: string | null) => {
    const { $url, ...input } = data;
    fake.calls.push({ name, action: String($url), input });
    const envelope = await h.call(name, String($url), input, openid ? { openid } : {});
    // Replies cross the wire as JSON. This also rebuilds them in the page's realm: rows from the
    // SQLite addon are made in Node's main realm, where exparser's `instanceof Array` fails.
    return JSON.parse(JSON.stringify(envelope));
  };
  // Callbacks run on a later tick, as on a device; `inflight` counts until they have run.
  const later = (fn: () => void) => {
    fake.inflight++;
    setTimeout(() => {
      fake.inflight--;
      fn();
    }, 0);
  };
  const track = <T>(p: Promise<T>): Promise<T> => {
    fake.inflight++;
    return p.finally(() => {
      fake.inflight--;
    });
  };

  // A canvas type="2d" node whose context records every call (properties as ['set', name, value]).
  const context = new Proxy({} as Record<string, unknown>, {
    get: (_t, key) => (...args: unknown[]) => fake.canvasOps.push([String(key), ...args]),
    set: (_t, key, value) => (fake.canvasOps.push(['set', String(key), value]), true),
  });
  const fakeCanvas = { width: 0, height: 0, getContext: () => context };

  fake.wx = {
    cloud: {
      init() {},
      callFunction({ name, data, success, fail }: any) {
        if (!fake.online) return later(() => fail?.({ errMsg: 'cloud.callFunction:fail request:fail' }));
        track(invoke(name, data, fake.openid)).then(
          (result) => later(() => success?.({ result, errMsg: 'cloud.callFunction:ok' })),
          (err) => later(() => fail?.({ errMsg: String(err) })),
        );
      },
      uploadFile({ cloudPath, success }: any) {
        later(() => success?.({ fileID: `cloud://test-env.test-bucket/${cloudPath}` }));
      },
    },
    request({ url, data, header, success, fail }: any) {
      if (!fake.online) return later(() => fail?.({ errMsg: 'request:fail timeout' }));
      const m = /\/fn\/([^/?]+)$/.exec(String(url));
      if (!m) return later(() => success?.({ statusCode: 404, data: 'not found' }));
      track(invoke(decodeURIComponent(m[1]), data, header?.['x-wx-openid'] ?? null)).then(
        (body) => later(() => success?.({ statusCode: body.ok ? 200 : 400, data: body })),
        (err) => later(() => fail?.({ errMsg: String(err) })),
      );
    },
    requestPayment(params: any) {
      fake.payments.push(params);
      const orderNo = /sandbox_(\w+)/.exec(String(params.package))?.[1];
      if (fake.paySheet === 'cancel') return later(() => params.fail?.({ errMsg: 'requestPayment:fail cancel' }));
      if (fake.paySheet === 'fail' || !orderNo) return later(() => params.fail?.({ errMsg: 'requestPayment:fail (-1)' }));
      // WeChat Pay settles through the payment callback before the sheet reports success.
      track(fake.paySandbox(orderNo)).then(
        () => later(() => params.success?.({ errMsg: 'requestPayment:ok' })),
        () => later(() => params.fail?.({ errMsg: 'requestPayment:fail' })),
      );
    },
    login({ success }: any) {
      const code = `fake-login-code-${fake.logins.length + 1}`;
      fake.logins.push(code);
      later(() => success?.({ code, errMsg: 'login:ok' }));
    },
    /**
     * 小程序虚拟支付's cashier: the platform (the xpay-sandbox gateway) checks paySig, takes the
     * money and delivers its encrypted delivery push to the real pay-notify over HTTP access before
     * the cashier reports success — as WeChat does.
     */
    requestVirtualPayment(params: any) {
      fake.virtualPayments.push(params);
      const gateway = h.deps.payments;
      let orderNo: string;
      try {
        orderNo = typeof params.signData === 'string' ? String(JSON.parse(params.signData).outTradeNo ?? '') : '';
      } catch {
        orderNo = '';
      }
      if (fake.paySheet === 'cancel') return later(() => params.fail?.({ errCode: -2, errMsg: 'requestVirtualPayment:fail cancel' }));
      if (fake.paySheet === 'fail' || !orderNo || params.mode !== 'short_series_goods' || !(gateway instanceof XPaySandboxGateway)) {
        return later(() => params.fail?.({ errCode: -1, errMsg: 'requestVirtualPayment:fail' }));
      }
      const push = gateway.pay(orderNo);
      if (!push) return later(() => params.fail?.({ errCode: -15006, errMsg: 'requestVirtualPayment:fail paySig' }));
      track(loadFunction('pay-notify').invoke(httpAccessEvent(push), { deps: h.deps, caller: callerFor({ source: 'wx_http' }) })).then(
        () => later(() => params.success?.({ errMsg: 'requestVirtualPayment:ok' })),
        () => later(() => params.fail?.({ errCode: -1, errMsg: 'requestVirtualPayment:fail' })),
      );
    },
    onNeedPrivacyAuthorization(listener: any) {
      fake.privacyListener = listener;
    },
    getPrivacySetting({ success }: any) {
      later(() => success?.({ needAuthorization: true, privacyContractName: '《知识付费小程序隐私保护指引》' }));
    },
    openPrivacyContract() {
      fake.navigations.push({ kind: 'openPrivacyContract' });
    },
    showModal({ title, success }: any) {
      fake.modals.push(title);
      later(() => success?.({ confirm: fake.modalConfirm, cancel: !fake.modalConfirm }));
    },
    reLaunch: ({ url }: any) => fake.navigations.push({ kind: 'reLaunch', url }),
    navigateTo: ({ url }: any) => fake.navigations.push({ kind: 'navigateTo', url }),
    redirectTo: ({ url }: any) => fake.navigations.push({ kind: 'redirectTo', url }),
    navigateBack: ({ delta }: any = {}) => fake.navigations.push({ kind: 'navigateBack', delta }),
    showToast: ({ title }: any) => fake.toasts.push(title),
    setClipboardData: ({ data }: any) => fake.clipboard.push(data),
    setNavigationBarTitle() {},
    stopPullDownRefresh() {},
    pageScrollTo() {},
    onNetworkStatusChange() {},
    getStorageSync: (key: string) => (fake.storage.has(key) ? fake.storage.get(key) : ''),
    setStorageSync: (key: string, value: unknown) => fake.storage.set(key, JSON.parse(JSON.stringify(value))),
    removeStorageSync: (key: string) => fake.storage.delete(key),
    getDeviceInfo: () => ({ platform: fake.platform }),
    getSystemInfoSync: () => ({ platform: fake.platform, windowHeight: 800 }),
    getWindowInfo: () => ({ windowHeight: 800, windowWidth: 375 }),
    getBackgroundAudioManager: () => fake.audio,
    createSelectorQuery() {
      const query = {
        select: () => query,
        in: () => query,
        boundingClientRect(cb: (rect: unknown) => void) {
          // The article renders 2400px tall in a 800px window.
          later(() => cb({ top: 0, height: 2400, width: 375 }));
          return query;
        },
        fields(_opts: unknown, cb: (res: unknown) => void) {
          later(() => cb({ node: fakeCanvas, width: 340, height: 480 }));
          return query;
        },
        exec() {},
      };
      return query;
    },
    requestSubscribeMessage({ tmplIds, success }: any) {
      fake.subscribePrompts.push(tmplIds);
      later(() => success?.(Object.fromEntries(tmplIds.map((id: string) => [id, fake.subscribeAnswer]))));
    },
    canvasToTempFilePath({ success }: any) {
      later(() => success?.({ tempFilePath: 'wxfile://tmp_certificate.png' }));
    },
    saveImageToPhotosAlbum({ filePath, success }: any) {
      fake.savedImages.push(filePath);
      later(() => success?.({}));
    },
  };
  return fake;
}
