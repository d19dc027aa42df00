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
/** app.json tabBar.list, as the platform reads it. */
const TAB_PAGES = (() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const appJson = require('../../../miniprogram/app.json');
  return (appJson.tabBar?.list ?? []).map((t: { pagePath: string }) => `/${t.pagePath}`);
})();

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
  /** wx.setVisualEffectOnCapture calls, in order ('hidden' / 'none'). */
  captureEffects: string[];
  /** Listeners registered with wx.onScreenRecordingStateChanged; `startRecording` fires them. */
  recordingListeners: Set<(res: { state: string }) => void>;
  startRecording(): void;
  /** wx.createVideoContext(...).pause() calls. */
  videoPauses: number;
  /** What the learner answers in a wx.showModal (and the modals shown). */
  modalAnswer: 'confirm' | 'cancel';
  modals: Array<{ title?: string; content?: string }>;
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

type AudioEvent =
  'canplay' | 'waiting' | 'error' | 'play' | 'pause' | 'stop' | 'ended' | 'timeupdate' | 'seeking' | 'seeked' | 'next' | 'prev';

/**
 * wx.getBackgroundAudioManager() as the platform behaves: one manager per app; one listener per
 * event (a later onX replaces the earlier one); setting `src` starts loading at `startTime` and
 * playback follows (waiting → canplay → play); play/pause/stop/seek report through their events
 * on a later tick. The test drives what the platform would: playback time passing, the end of a
 * track, a stall, a lapsed link, the lock-screen buttons.
 */
export class FakeAudio {
  title = '';
  epname = '';
  singer = '';
  coverImgUrl = '';
  webUrl = '';
  protocol = 'http';
  audioType = 'audio';
  referrerPath = '';
  referrerPolicy = '';
  startTime = 0;
  playbackRate = 1;
  currentTime = 0;
  duration = 0;
  buffered = 0;
  paused = true;
  /** Every link the app handed over, in order. */
  sources: string[] = [];
  private source = '';
  private handlers: Partial<Record<AudioEvent, (res?: unknown) => void>> = {};

  constructor(private readonly later: (fn: () => void) => void = (fn) => setTimeout(fn, 0)) {}

  get src(): string {
    return this.source;
  }
  set src(url: string) {
    this.source = url;
    if (!url) return;
    this.sources.push(url);
    this.currentTime = this.startTime;
    this.paused = false;
    this.emit('waiting');
    this.emit('canplay');
    this.emit('play');
    this.emit('timeupdate');
  }

  onCanplay(fn: () => void) {
    this.handlers.canplay = fn;
  }
  onWaiting(fn: () => void) {
    this.handlers.waiting = fn;
  }
  onError(fn: (res?: unknown) => void) {
    this.handlers.error = fn;
  }
  onPlay(fn: () => void) {
    this.handlers.play = fn;
  }
  onPause(fn: () => void) {
    this.handlers.pause = fn;
  }
  onStop(fn: () => void) {
    this.handlers.stop = fn;
  }
  onEnded(fn: () => void) {
    this.handlers.ended = fn;
  }
  onTimeUpdate(fn: () => void) {
    this.handlers.timeupdate = fn;
  }
  onSeeking(fn: () => void) {
    this.handlers.seeking = fn;
  }
  onSeeked(fn: () => void) {
    this.handlers.seeked = fn;
  }
  onNext(fn: () => void) {
    this.handlers.next = fn;
  }
  onPrev(fn: () => void) {
    this.handlers.prev = fn;
  }

  play() {
    if (!this.source || !this.paused) return;
    this.paused = false;
    this.emit('play');
  }
  pause() {
    if (this.paused) return;
    this.paused = true;
    this.emit('pause');
  }
  stop() {
    this.paused = true;
    this.source = '';
    this.emit('stop');
  }
  seek(sec: number) {
    this.emit('seeking');
    this.currentTime = sec;
    this.emit('seeked');
    this.emit('timeupdate');
  }

  /** Test: playback has reached `sec` (the platform's timeupdate). Reaching the end ends the track. */
  advanceTo(sec: number) {
    this.currentTime = sec;
    this.handlers.timeupdate?.();
    if (this.duration && sec >= this.duration) this.finish();
  }
  /** Test: the track plays to its end. */
  finish() {
    if (this.duration) this.currentTime = this.duration;
    this.paused = true;
    this.handlers.timeupdate?.();
    this.handlers.ended?.();
  }
  /** Test: the network stalls (waiting) and recovers (canplay). */
  stall() {
    this.handlers.waiting?.();
  }
  recover() {
    this.handlers.canplay?.();
  }
  /** Test: the link fails (10002 network error, or a lapsed signature answered 403). */
  fail(errCode = 10002) {
    this.paused = true;
    this.handlers.error?.({ errCode, errMsg: `audio error ${errCode}` });
  }
  /** Test: the lock-screen / notification buttons. */
  lockScreen(button: 'next' | 'prev') {
    this.handlers[button]?.();
  }

  private emit(event: AudioEvent) {
    this.later(() => this.handlers[event]?.());
  }
}

export function createFakeWx(h: Harness, options: { openid: string; platform?: FakeWx['platform'] }): FakeWx {
  const fake: FakeWx = {
    wx: {},
    calls: [],
    navigations: [],
    toasts: [],
    clipboard: [],
    storage: new Map(),
    audio: null as unknown as FakeAudio,
    online: true,
    paySheet: 'pay',
    captureEffects: [],
    recordingListeners: new Set(),
    startRecording() {
      for (const fn of [...fake.recordingListeners]) fn({ state: 'start' });
    },
    videoPauses: 0,
    modalAnswer: 'confirm',
    modals: [],
    payments: [],
    virtualPayments: [],
    logins: [],
    privacyListener: null,
    privacyAnswers: [],
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
      const event = await gateway.pay(orderNo);
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

  fake.audio = new FakeAudio(later);
  // A canvas type="2d" node whose context records every call (properties as ['set', name, value]).
  const context = new Proxy({} as Record<string, unknown>, {
    get:
      (_t, key) =>
      (...args: unknown[]) =>
        fake.canvasOps.push([String(key), ...args]),
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
      const paySigRejected = Symbol('paySig');
      track(
        gateway
          .pay(orderNo)
          .then<unknown>((push) =>
            push
              ? loadFunction('pay-notify').invoke(httpAccessEvent(push), { deps: h.deps, caller: callerFor({ source: 'wx_http' }) })
              : paySigRejected,
          ),
      ).then(
        (outcome) =>
          outcome === paySigRejected
            ? later(() => params.fail?.({ errCode: -15006, errMsg: 'requestVirtualPayment:fail paySig' }))
            : later(() => params.success?.({ errMsg: 'requestVirtualPayment:ok' })),
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
    reLaunch: ({ url }: any) => fake.navigations.push({ kind: 'reLaunch', url }),
    navigateTo: ({ url }: any) => fake.navigations.push({ kind: 'navigateTo', url }),
    redirectTo: ({ url }: any) => fake.navigations.push({ kind: 'redirectTo', url }),
    switchTab: ({ url }: any) => {
      // The platform refuses a query on a tab page and any page that is not a tab.
      if (String(url).includes('?') || !TAB_PAGES.includes(url)) throw new Error(`switchTab to a non-tab page: ${url}`);
      fake.navigations.push({ kind: 'switchTab', url });
    },
    navigateBack: ({ delta }: any = {}) => fake.navigations.push({ kind: 'navigateBack', delta }),
    showToast: ({ title }: any) => fake.toasts.push(title),
    showModal({ title, content, success }: any) {
      fake.modals.push({ title, content });
      const confirm = fake.modalAnswer === 'confirm';
      later(() => success?.({ confirm, cancel: !confirm, errMsg: 'showModal:ok' }));
    },
    setClipboardData: ({ data }: any) => fake.clipboard.push(data),
    setNavigationBarTitle() {},
    stopPullDownRefresh() {},
    pageScrollTo() {},
    onNetworkStatusChange() {},
    getStorageSync: (key: string) => (fake.storage.has(key) ? fake.storage.get(key) : ''),
    setStorageSync: (key: string, value: unknown) => fake.storage.set(key, JSON.parse(JSON.stringify(value))),
    removeStorageSync: (key: string) => fake.storage.delete(key),
    getDeviceInfo: () => ({
      platform: fake.platform,
      system: fake.platform === 'ios' ? 'iOS 17.0' : 'Android 14',
      brand: 'devtools',
      model: 'test',
    }),
    getSystemInfoSync: () => ({
      platform: fake.platform,
      windowHeight: 800,
      windowWidth: 375,
      screenWidth: 375,
      screenHeight: 812,
      pixelRatio: 2,
      SDKVersion: '3.8.0',
    }),
    getWindowInfo: () => ({
      windowHeight: 800,
      windowWidth: 375,
      screenWidth: 375,
      screenHeight: 812,
      pixelRatio: 2,
      statusBarHeight: 44,
      safeArea: { top: 44, bottom: 778, left: 0, right: 375, width: 375, height: 734 },
    }),
    getAppBaseInfo: () => ({ SDKVersion: '3.8.0', theme: 'light', language: 'zh_CN' }),
    canIUse: () => true,
    nextTick: (fn: () => void) => later(fn),
    getBackgroundAudioManager: () => fake.audio,
    setVisualEffectOnCapture: ({ visualEffect, success }: any) => {
      fake.captureEffects.push(visualEffect);
      later(() => success?.({ errMsg: 'setVisualEffectOnCapture:ok' }));
    },
    onScreenRecordingStateChanged: (fn: any) => fake.recordingListeners.add(fn),
    offScreenRecordingStateChanged: (fn: any) => fake.recordingListeners.delete(fn),
    createVideoContext: () => ({ pause: () => void fake.videoPauses++, play() {}, seek() {} }),
    createSelectorQuery() {
      // The platform's query: each select…boundingClientRect (etc.) adds a result; exec answers
      // all of them, each to its own callback and together to exec's. The article renders
      // 2400px tall in a 800px window.
      const rect = { top: 0, left: 0, right: 375, bottom: 2400, height: 2400, width: 375 };
      const results: unknown[] = [];
      const callbacks: Array<((r: unknown) => void) | undefined> = [];
      const add = (value: unknown, cb?: (r: unknown) => void) => {
        results.push(value);
        callbacks.push(cb);
        return query;
      };
      const query: any = {
        select: () => query,
        selectAll: () => query,
        selectViewport: () => query,
        in: () => query,
        boundingClientRect: (cb?: (rect: unknown) => void) => add(rect, cb),
        scrollOffset: (cb?: (r: unknown) => void) => add({ scrollTop: 0, scrollLeft: 0 }, cb),
        // A canvas type="2d" node (certificates, posters) for `fields({ node, size })`.
        fields: (_f: unknown, cb?: (r: unknown) => void) => add({ ...rect, node: fakeCanvas, width: 340, height: 480 }, cb),
        exec(cb?: (all: unknown[]) => void) {
          later(() => {
            results.forEach((r, i) => callbacks[i]?.(r));
            cb?.(results);
          });
        },
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
