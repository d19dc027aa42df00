import type { CloudHost } from '../runtime/ports';

/**
 * What every function's composition root hands `defineFunction` as `cloud`. The platform code
 * (knex, env parsing) is loaded on the first call, not at require time, so cold start pays only
 * for what it uses.
 */
export const cloudHost: CloudHost = {
  deps: async (functionName, ports) => (await import('./cloud')).cloudDeps(functionName, ports),
  caller: async () => (await import('./cloud')).cloudCaller(),
};
