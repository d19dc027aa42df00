import fs from 'node:fs';
import path from 'node:path';
import { createHarness, type Harness } from '../../../tests/support/harness';
import { createFakeWx, type FakeWx } from './fake-wx';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulate = require('miniprogram-simulate');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulateUtils = require('miniprogram-simulate/src/utils');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const swc = require(path.resolve(__dirname, '../../../node_modules/@swc/core'));

export const MP_ROOT = path.resolve(__dirname, '../../../miniprogram');

/**
 * miniprogram-simulate runs a component's JS with `require`, which jest caches: a component used
 * by two pages would call Component() only once and the second page would render it empty. So
 * each component file is compiled and evaluated afresh per load, while the modules it imports
 * (services, config) come from jest's registry and are shared, as in the real app.
 */
simulateUtils.runJs = (filePath: string) => {
  const file = fs.existsSync(`${filePath}.ts`) ? `${filePath}.ts` : `${filePath}.js`;
  const { code } = swc.transformSync(fs.readFileSync(file, 'utf8'), {
    filename: file,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  const dir = path.dirname(file);
  const localRequire = (spec: string) => require(spec.startsWith('.') ? path.resolve(dir, spec) : spec);
  const module = { exports: {} as Record<string, unknown> };
  // eslint-disable-next-line no-new-func
  new Function('require', 'module', 'exports', code)(localRequire, module, module.exports);
};

/**
 * Screenshot mode (`npm run mp:shots`, MP_SHOTS=1): npm components (TDesign, mp-html) are really
 * loaded instead of rendering as plain tags, and rpx become px at a 375 px wide screen (750 rpx).
 * The regular tests leave both alone: TDesign's rendering is TDesign's business there.
 */
export const SHOTS = process.env.MP_SHOTS === '1';
/** 750 rpx are the screen's width: 375 px on the phone the screenshots show. */
export function rpxToPx(css: string): string {
  return css.replace(/(-?\d*\.?\d+)rpx/gi, (_m: string, n: string) => `${(Number(n) * 375) / 750}px`);
}
const NPM_COMPONENTS: Array<[prefix: string, dir: string]> = [
  ['tdesign-miniprogram/', 'node_modules/tdesign-miniprogram/miniprogram_dist/'],
  ['mp-html', 'node_modules/mp-html/dist/mp-weixin/index'],
];
if (SHOTS) {
  const readJson = simulateUtils.readJson;
  simulateUtils.readJson = (file: string) => {
    const json = readJson(file);
    const using = json?.usingComponents as Record<string, string> | undefined;
    if (using) {
      for (const [key, value] of Object.entries(using)) {
        const hit = NPM_COMPONENTS.find(([prefix]) => value === prefix || value.startsWith(prefix));
        // A leading '/' makes simulate resolve it from the project root (miniprogram/).
        if (hit) using[key] = `/${hit[1]}${value.slice(hit[0].length)}`;
      }
    }
    return json;
  };
  simulateUtils.transformRpx = rpxToPx;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('j-component/src/tool/utils').transformRpx = rpxToPx;
}

/** Our own templates go to wcc (and in screenshot mode the npm components' too). */
function fileList(ext: '.wxml' | '.wxs'): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(MP_ROOT, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith(ext)) out.push(child);
    }
  };
  walk('pages');
  walk('components');
  walk('custom-tab-bar');
  if (SHOTS) {
    walk('node_modules/tdesign-miniprogram/miniprogram_dist');
    walk('node_modules/mp-html/dist/mp-weixin');
  }
  return out;
}

const loaded = new Map<string, string>();
function load(pagePath: string): string {
  let id = loaded.get(pagePath);
  if (!id) {
    id = simulate.load(path.join(MP_ROOT, pagePath), {
      rootPath: MP_ROOT,
      compilerOptions: { wxmlList: fileList('.wxml'), wxsList: fileList('.wxs'), maxBuffer: 256 * 1024 * 1024 },
    }) as string;
    loaded.set(pagePath, id);
  }
  return id;
}

export interface Rendered {
  /** j-component's wrapper: querySelector, dispatchEvent, toJSON, dom. */
  comp: any;
  /** The page/component instance: `data` and methods. */
  page: any;
  text(): string;
  /** j-component query; ` >>> ` steps into a child component (`.art-item >>> .item`). */
  $(selector: string): any;
  $$(selector: string): any[];
  /** Elements in the rendered DOM (all components) carrying this WXML class. */
  count(className: string): number;
  tap(selector: string, index?: number): Promise<void>;
}

export interface MpApp {
  h: Harness;
  fake: FakeWx;
  /** Opens a page by its route (`/pages/x/y/index?id=1`) and runs onLoad. */
  open(route: string): Promise<Rendered>;
  /** Renders a component by its path under miniprogram/ (shared or beside its page), with properties. */
  render(componentPath: string, props?: Record<string, unknown>): Promise<Rendered>;
  /** Waits until every backend call the UI started has answered and its callbacks ran. */
  settle(): Promise<void>;
  /** The latest navigation's route. */
  lastRoute(): string;
  /** Runs `run` with another learner holding the phone (the fake's openid), then hands it back. */
  as<T>(openid: string, run: () => Promise<T>): Promise<T>;
  mp<T = any>(modulePath: string): T;
  close(): Promise<void>;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function wrap(comp: any, app: Pick<MpApp, 'settle'>): Rendered {
  const r: Rendered = {
    comp,
    page: comp.instance,
    text: () =>
      String(comp.dom.textContent ?? '')
        .replace(/\s+/g, ' ')
        .trim(),
    $: (selector) => r.$$(selector)[0],
    $$(selector) {
      const steps = selector.split(' >>> ');
      let scopes: any[] = [comp];
      steps.forEach((step, i) => {
        const next: any[] = [];
        for (const scope of scopes) {
          if (i === steps.length - 1) next.push(...(scope.querySelectorAll(step) ?? []));
          else next.push(...(scope.querySelectorAll(step) ?? []));
        }
        scopes = next;
      });
      // j-component can keep nodes a wx:if has removed: only what is in the document counts.
      return scopes.filter((el) => el && (!el.dom || comp.dom.contains(el.dom)));
    },
    count(className) {
      // j-component prefixes each class with its component's tag (`paywall--option`).
      const all = Array.from(comp.dom.querySelectorAll('*')) as Element[];
      return all.filter((el) => Array.from(el.classList).some((c) => c === className || c.endsWith(`--${className}`))).length;
    },
    async tap(selector, index = 0) {
      const el = r.$$(selector)[index];
      if (!el) throw new Error(`nothing matches ${selector} in: ${r.text().slice(0, 300)}`);
      el.dispatchEvent('tap');
      await app.settle();
    },
  };
  return r;
}

export async function createMpApp(
  options: { openid?: string; platform?: FakeWx['platform']; mode?: 'cloud' | 'local'; payProvider?: string } = {},
): Promise<MpApp> {
  const h = await createHarness({ seed: true, payProvider: options.payProvider });
  const fake = createFakeWx(h, { openid: options.openid ?? 'mp-learner', platform: options.platform });
  (globalThis as Record<string, unknown>).wx = fake.wx;
  const mp = <T = any>(modulePath: string): T => require(path.join(MP_ROOT, modulePath)) as T;
  mp('config/index').setConfig({ mode: options.mode ?? 'cloud', gatewayUrl: 'http://127.0.0.1:3000', devOpenid: fake.openid });
  mp('services/platform').resetPolicyCache();
  mp('services/progress-reporter').resetProgressQueue();
  mp('services/audio-player').resetAudioPlayer();

  const app: MpApp = {
    h,
    fake,
    mp,
    async settle() {
      // Backend calls hop through the harness (real DB) and setTimeout callbacks: wait until
      // several consecutive ticks pass with nothing in flight.
      let quiet = 0;
      for (let i = 0; i < 2000 && quiet < 5; i++) {
        await tick();
        quiet = fake.inflight === 0 ? quiet + 1 : 0;
      }
    },
    async open(route) {
      // Several apps (learners) may live in one test file: whichever opens a page owns `wx`.
      (globalThis as Record<string, unknown>).wx = fake.wx;
      const [pagePath, query = ''] = route.replace(/^\//, '').split('?');
      const comp = simulate.render(load(pagePath));
      comp.attach(document.createElement('parent-wrapper'));
      const rendered = wrap(comp, app);
      await rendered.page.onLoad?.(Object.fromEntries(new URLSearchParams(query)));
      await app.settle();
      return rendered;
    },
    async render(componentPath, props = {}) {
      (globalThis as Record<string, unknown>).wx = fake.wx;
      const comp = simulate.render(load(componentPath), props);
      comp.attach(document.createElement('parent-wrapper'));
      await app.settle();
      return wrap(comp, app);
    },
    lastRoute() {
      const nav = fake.navigations[fake.navigations.length - 1];
      return nav?.url ?? '';
    },
    async as(openid, run) {
      const previous = fake.openid;
      fake.openid = openid;
      try {
        return await run();
      } finally {
        fake.openid = previous;
      }
    },
    close: () => {
      mp('services/audio-player').audioPlayer().dispose();
      return h.close();
    },
  };
  return app;
}
