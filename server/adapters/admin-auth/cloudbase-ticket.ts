import type { AdminAuth } from '../../ports/admin-auth';
import { adminIdOfCustomUserId, customUserIdOf } from '../../ports/admin-auth';

/** The slice of `@cloudbase/node-sdk` this adapter uses (types/index.d.ts: Auth). */
export interface CloudbaseAuthLike {
  createTicket(uid: string, options?: { refresh?: number; expire?: number }): string;
  getUserInfo(): { customUserId: string };
}
export interface CloudbaseAppLike {
  auth(): CloudbaseAuthLike;
}

export interface CloudbaseTicketOptions {
  /** Contents of the custom-login private key file (console → 身份认证 → 自定义登录), as JSON text. */
  customLoginKeyJson?: string;
  /** Session length granted by the ticket. */
  sessionSec?: number;
  /** Injected in tests; in the cloud the SDK is required lazily on first use. */
  app?: CloudbaseAppLike;
}

/**
 * CloudBase custom login: `login` hands the CMS a ticket made with the private key; the js-sdk
 * signs in with it, and CloudBase then stamps every function call from that browser with the
 * custom user id (TCB_CUSTOM_USER_ID, read by `auth().getUserInfo()`), which is all we trust.
 */
export function cloudbaseTicketAdminAuth(options: CloudbaseTicketOptions): AdminAuth {
  let app = options.app;
  const sessionSec = options.sessionSec ?? 8 * 3600;
  const getApp = (): CloudbaseAppLike => {
    if (app) return app;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tcb = require('@cloudbase/node-sdk') as typeof import('@cloudbase/node-sdk');
    const credentials = options.customLoginKeyJson ? JSON.parse(options.customLoginKeyJson) : undefined;
    app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV, ...(credentials ? { credentials } : {}) }) as unknown as CloudbaseAppLike;
    return app;
  };
  return {
    async issue(adminId, now) {
      const expire = now.getTime() + sessionSec * 1000;
      const ticket = getApp()
        .auth()
        .createTicket(customUserIdOf(adminId), { refresh: 3600 * 1000, expire });
      return { token: ticket, ticket, expiresAt: new Date(expire).toISOString() };
    },
    async identify(caller) {
      const fromCaller = caller.adminCredential?.kind === 'customUserId' ? caller.adminCredential.value : null;
      const customUserId = fromCaller ?? getApp().auth().getUserInfo().customUserId;
      return customUserId ? adminIdOfCustomUserId(customUserId) : null;
    },
  };
}
