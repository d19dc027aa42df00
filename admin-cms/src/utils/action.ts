import { MessagePlugin } from 'tdesign-vue-next';
import { toastError } from './errors';

/**
 * A one-click change (publish, pin, delete, void…): on success an optional toast, then a refresh
 * of what it changed; on failure the server's message as a toast and the page left as it was.
 */
export async function runAction<T>(
  work: () => Promise<T>,
  after: { toast?: string | ((result: T) => string); refresh?: () => unknown } = {},
): Promise<void> {
  let result: T;
  try {
    result = await work();
  } catch (err) {
    toastError(err);
    return;
  }
  if (after.toast) MessagePlugin.success(typeof after.toast === 'string' ? after.toast : after.toast(result));
  await after.refresh?.();
}
