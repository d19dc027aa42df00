import { toApiError } from '../services/errors';

/**
 * What a page shows when its load fails. The error's own message already says the right thing:
 * NETWORK's asks the learner to check the network (state-view adds the retry button).
 */
export function loadFailed(err: unknown): { status: 'error'; message: string } {
  return { status: 'error', message: toApiError(err).message };
}

interface ReloadablePage {
  data: { status: string };
  load(): Promise<void>;
}

/**
 * Lifecycles of a page that loads when opened and, once it has loaded, again each time it is
 * shown: the learner may come back from checkout, a redeem code or the profile with something
 * changed. Spread into `methods` (pages are Component()s; see docs/architecture.md).
 */
export const loadAndReloadOnShow = {
  onLoad(this: ReloadablePage) {
    return this.load();
  },
  onShow(this: ReloadablePage) {
    return this.data.status === 'ok' ? this.load() : undefined;
  },
};

/**
 * Marks `value` in the custom tab bar (custom-tab-bar/): each tab page owns its own tab-bar
 * instance, so each marks itself when shown. No-op where there is none (tests, old clients).
 */
export function selectTab(page: unknown, value: 'home' | 'purchased' | 'my'): void {
  const p = page as { getTabBar?: () => { setData(data: Record<string, unknown>): void } | null };
  if (typeof p.getTabBar === 'function') p.getTabBar()?.setData({ value });
}
