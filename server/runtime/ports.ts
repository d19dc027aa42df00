import type { Deps } from './deps';
import type { Caller } from './caller';

/** The platform ports a function may need beyond the database, clock, log and config. */
export const PORT_NAMES = ['payments', 'moderation', 'media', 'adminAuth', 'subscribeMessage', 'miniCode'] as const;
export type PortName = (typeof PORT_NAMES)[number];

/**
 * How a function builds the ports it uses in the cloud. Each function's composition root names
 * only its own, so its bundle (and the dependencies its package.json asks CloudBase to install)
 * carries only those SDKs. The same declaration limits what the function may touch locally, so a
 * test fails if an action reaches a port its function did not declare. `Settings` is whatever the
 * cloud composition (`server/platform`) hands the factories; the runtime never calls them.
 */
export type CloudPorts<Settings = never> = Partial<{ [K in PortName]: (settings: Settings) => Deps[K] }>;

/**
 * The cloud side of a function, supplied by `server/platform/cloud-host.ts` in each function's
 * composition root: the runtime builds nothing of the platform itself.
 */
export interface CloudHost {
  /** Built once per function instance and reused by warm invocations. */
  deps(functionName: string, ports: CloudPorts): Promise<Deps>;
  caller(): Promise<Caller>;
}

const scopedCache = new WeakMap<Deps, Map<string, Deps>>();

/** `deps` as the function may see it: its declared ports, and an error for any other. */
export function scopeDeps(deps: Deps, declared: readonly PortName[], functionName: string): Deps {
  const key = [...declared].sort().join(',');
  let byKey = scopedCache.get(deps);
  if (!byKey) scopedCache.set(deps, (byKey = new Map()));
  const cached = byKey.get(key);
  if (cached) return cached;
  const scoped = Object.create(null) as Deps;
  for (const name of Object.keys(deps) as Array<keyof Deps>) {
    const isPort = (PORT_NAMES as readonly string[]).includes(name);
    Object.defineProperty(scoped, name, {
      enumerable: true,
      get() {
        if (isPort && !declared.includes(name as PortName)) {
          throw new Error(`cloud function "${functionName}" uses the ${name} port without declaring it in its cloudPorts`);
        }
        // Read through, so a test that swaps an adapter on the shared deps is seen here too.
        return deps[name];
      },
    });
  }
  byKey.set(key, scoped);
  return scoped;
}
