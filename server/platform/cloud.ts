import type { Deps } from '../runtime/deps';
import type { Caller } from '../runtime/caller';
import { PORT_NAMES, type CloudPorts } from '../runtime/ports';
import { createDb } from '../db/connection';
import { systemClock } from '../ports/clock';
import { jsonLogger } from '../runtime/logger';
import { loadConfig, type AppConfig } from './config';
import { databaseIdentity } from './identity';
import { callerFromWxContext, wxContextFromEnv } from './cloud-context';

let deps: Deps | undefined;

/**
 * Built once per function instance and reused by warm invocations — in particular the knex
 * instance, whose pool is capped at one connection per instance. Ports are built on first use
 * from the factories the function declared (so e.g. only order/pay need merchant settings).
 */
export async function cloudDeps(functionName: string, declared: CloudPorts): Promise<Deps> {
  if (deps) return deps;
  // The factories in server/platform/ports take the parsed config; the runtime only carries them.
  const ports = declared as CloudPorts<AppConfig>;
  const config = loadConfig(process.env);
  if (!config.mysqlUrl) throw new Error('MYSQL_URL is not set for this cloud function');
  const db = createDb({ mysqlUrl: config.mysqlUrl, poolMax: 1 });
  const base = {
    db,
    clock: systemClock,
    log: jsonLogger(),
    config,
    identity: databaseIdentity(db),
  };
  const built: Partial<Deps> = {};
  for (const name of PORT_NAMES) {
    Object.defineProperty(base, name, {
      enumerable: true,
      get() {
        const factory = ports[name] as ((c: typeof config) => Deps[typeof name]) | undefined;
        if (!factory) throw new Error(`cloud function "${functionName}" does not declare the ${name} port`);
        return ((built as Record<string, unknown>)[name] ??= factory(config));
      },
    });
  }
  deps = base as Partial<Deps> as Deps; // the ports are the getters defined above
  return deps;
}

export async function cloudCaller(): Promise<Caller> {
  return callerFromWxContext(wxContextFromEnv(process.env));
}
