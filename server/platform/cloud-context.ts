import type { Caller } from '../runtime/caller';

/**
 * The caller as CloudBase reports it. This reads the same environment variables
 * `wx-server-sdk`'s `getWXContext()` reads (WX_CONTEXT_KEYS lists the WX_-prefixed names,
 * TCB_SOURCE is the call source) — it is not a shortcut around the platform, it *is* the
 * platform's channel. We read them here rather than requiring wx-server-sdk on every call
 * because that SDK costs hundreds of milliseconds of cold start; `cloud-context.test.ts` checks
 * that both readings agree.
 */
// Keys wx-server-sdk refuses to expose (its CONTEXT_KEYS_BLACKLIST).
const BLACKLIST = ['API_TOKEN', 'TRIGGER_API_TOKEN_V0'];

export function wxContextFromEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const context: Record<string, string> = {};
  if (!env.WX_CONTEXT_KEYS) return context;
  for (const key of env.WX_CONTEXT_KEYS.split(',')) {
    if (!key || BLACKLIST.some((b) => key === b || key === `WX_${b}`)) continue;
    const value = env[key];
    if (value === undefined) continue;
    context[key.startsWith('WX_') && key.length > 3 ? key.slice(3) : key] = value;
  }
  const envId = env.TCB_ENV || env.SCF_NAMESPACE;
  if (envId) context.ENV = envId;
  if (env.TCB_SOURCE) context.SOURCE = env.TCB_SOURCE;
  return context;
}

export function callerFromWxContext(context: Record<string, string | undefined>): Caller {
  return {
    openid: context.OPENID || null,
    unionid: context.UNIONID || null,
    source: context.SOURCE || '',
    clientIp: context.CLIENTIP || null,
    adminCredential: null,
  };
}
