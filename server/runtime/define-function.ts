import TcbRouter from 'tcb-router';
import { randomUUID } from 'node:crypto';
import type * as core from 'zod/v4/core';
import type { AnyAction, ActionContext, ActionDef } from './action';
import type { Ports } from './service-context';
import type { Caller } from './caller';
import { sourceIncludes } from './caller';
import type { Deps } from './deps';
import { AppError } from './errors';
import { PORT_NAMES, scopeDeps, type CloudHost, type CloudPorts, type PortName } from './ports';
import { resolveAdmin } from './admin-session';
import { ok, toErrorEnvelope, fail, type Envelope } from './envelope';
import './zod-locale'; // installs the zh-CN zod locale (classic and mini alike) before any parse
import { issueMessage } from './input-messages';

export interface InvokeOptions {
  deps: Deps;
  caller: Caller;
  requestId?: string;
}

export interface FunctionOptions<R = Envelope<unknown>> {
  /** The action a CloudBase timer trigger event (`{ Type: 'Timer' }`) runs. */
  timerAction?: string;
  /**
   * For events the platform itself sends without `$url` (a payment callback, an HTTP request):
   * names the action from the event's shape and the caller's SOURCE. The whole event, minus the
   * platform keys, is the action's input; the action's audience still decides who may call it.
   */
  platformRoute?: (event: Record<string, unknown>, caller: Caller) => string | undefined;
  /** Functions the platform calls answer in its format, not the envelope (pay-notify). */
  reply?: (envelope: Envelope<unknown>, action: string) => R;
  /** The platform ports this function uses, with their cloud adapters (see runtime/ports.ts). */
  cloudPorts?: CloudPorts;
  /** How the cloud entry point builds deps and reads the caller (`server/platform/cloud-host.ts`). */
  cloud?: CloudHost;
}

/** A function's action table; `defineFunction` keeps its exact type so clients can read the contract from it. */
export type ActionTable = Record<string, ActionDef<any, any>>;

export interface CloudFunction<R = Envelope<unknown>, A extends ActionTable = Record<string, AnyAction>> {
  /** CloudBase entry point: `exports.main = async (event, context) => …`. */
  (event: unknown, context?: unknown): Promise<R>;
  readonly functionName: string;
  readonly actions: Readonly<A>;
  /** The platform ports it declared, with their cloud adapters. */
  readonly cloudPorts: Readonly<CloudPorts>;
  /** The same dispatch with platform pieces given explicitly (emulator, tests). */
  invoke(event: unknown, options: InvokeOptions): Promise<R>;
}

/** Keys the platform itself adds to a client event; never part of an action's input. */
const PLATFORM_EVENT_KEYS = new Set(['$url', 'userInfo']);

function inputOf(event: Record<string, unknown>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) if (!PLATFORM_EVENT_KEYS.has(key)) input[key] = value;
  return input;
}

function zodDetails(error: core.$ZodError): Array<{ field: string; message: string }> {
  return error.issues.map((issue) => ({
    field: issue.path.length ? issue.path.join('.') : issue.code === 'unrecognized_keys' ? issue.keys.join(',') : '(input)',
    message: issueMessage(issue),
  }));
}

function checkAudience(def: AnyAction, caller: Caller): void {
  const audience = def.audience;
  if (audience.kind === 'learner' && !caller.openid) throw new AppError('UNAUTHENTICATED', '请在微信中登录后再试');
  if (audience.kind === 'platform' && !audience.sources.some((s) => sourceIncludes(caller, s))) {
    throw new AppError('FORBIDDEN', '仅限平台调用');
  }
}

/**
 * The one wrapper every cloud function uses: routes `event.$url` with tcb-router, checks who
 * may call, validates input with the action's zod schema, answers in the API.md envelope,
 * maps every failure to a stable code and logs one line per call.
 */
export function defineFunction<const A extends ActionTable, R = Envelope<unknown>>(
  functionName: string,
  actions: A,
  options: FunctionOptions<R> = {},
): CloudFunction<R, A> {
  const declaredPorts = Object.keys(options.cloudPorts ?? {}) as PortName[];
  async function invoke(rawEvent: unknown, { deps: allDeps, caller, requestId = randomUUID() }: InvokeOptions) {
    const started = process.hrtime.bigint();
    const deps = scopeDeps(allDeps, declaredPorts, functionName);
    const event: Record<string, unknown> =
      rawEvent && typeof rawEvent === 'object' && !Array.isArray(rawEvent) ? { ...(rawEvent as Record<string, unknown>) } : {};
    const isTimer = options.timerAction && event.Type === 'Timer' && sourceIncludes(caller, 'wx_trigger');
    if (isTimer) event.$url = options.timerAction;
    const platformAction = isTimer ? undefined : options.platformRoute?.(event, caller);
    if (platformAction) event.$url = platformAction;
    const name = typeof event.$url === 'string' ? event.$url : '';

    let envelope: Envelope<unknown>;
    try {
      // The action name must be a string naming one of this function's own actions: tcb-router would otherwise
      // coerce an array or an object with a toString to a route (issue 14: `$url: ['home']` ran `home`).
      if (event.$url !== undefined && typeof event.$url !== 'string')
        throw new AppError('INVALID_INPUT', '操作名必须是字符串', [{ field: '$url', message: '操作名必须是字符串' }]);
      if (name && !Object.prototype.hasOwnProperty.call(actions, name)) throw new AppError('NOT_FOUND', `未知的操作：${name.slice(0, 64)}`);
      const router = new TcbRouter({ event });
      for (const [actionName, def] of Object.entries(actions as ActionTable)) {
        router.router(actionName, async (routerCtx) => {
          routerCtx.body = ok(await run(def, isTimer ? {} : inputOf(event), deps, caller, requestId));
        });
      }
      // tcb-router resolves `undefined` for a route it does not know.
      envelope = ((await router.serve()) as Envelope<unknown> | undefined) ?? fail('NOT_FOUND', `未知的操作：${name || '(空)'}`);
    } catch (err) {
      envelope = toErrorEnvelope(err);
      if (!(err instanceof AppError)) {
        deps.log.error('function.crash', {
          fn: functionName,
          action: name,
          requestId,
          error: err instanceof Error ? (err.stack ?? err.message) : String(err),
        });
      }
    }
    deps.log.info('function.call', {
      fn: functionName,
      action: name,
      requestId,
      source: caller.source,
      ok: envelope.ok,
      code: envelope.ok ? undefined : envelope.error.code,
      ms: Number(process.hrtime.bigint() - started) / 1e6,
    });
    return options.reply ? options.reply(envelope, name) : (envelope as R);
  }

  const main = (async (event: unknown) => {
    const host = options.cloud;
    if (!host) throw new Error(`cloud function "${functionName}" has no cloud host in its defineFunction options`);
    return invoke(event, { deps: await host.deps(functionName, options.cloudPorts ?? {}), caller: await host.caller() });
  }) as CloudFunction<R, A>;
  Object.defineProperty(main, 'functionName', { value: functionName });
  Object.defineProperty(main, 'actions', { value: Object.freeze({ ...actions }) });
  Object.defineProperty(main, 'invoke', { value: invoke });
  Object.defineProperty(main, 'cloudPorts', { value: Object.freeze({ ...options.cloudPorts }) });
  return main;
}

async function run(def: AnyAction, input: Record<string, unknown>, deps: Deps, caller: Caller, requestId: string) {
  checkAudience(def, caller);
  const now = deps.clock.now();
  // The session and the role are checked before the input, so a caller without the right learns
  // nothing about an action's input shape.
  const admin = def.audience.kind === 'admin' ? await resolveAdmin(deps, caller, now, def.audience.roles) : null;
  const parsed = def.input.safeParse(input);
  if (!parsed.success) throw new AppError('INVALID_INPUT', undefined, zodDetails(parsed.error));
  let learnerIdPromise: Promise<number> | undefined;
  const actor: ActionContext['actor'] = {
    openid: caller.openid,
    admin,
    learnerId() {
      if (!caller.openid) return Promise.reject(new AppError('UNAUTHENTICATED'));
      learnerIdPromise ??= deps.identity.ensureLearnerId(caller.openid, now);
      return learnerIdPromise;
    },
    async viewerId() {
      return caller.openid ? deps.identity.findLearnerId(caller.openid) : null;
    },
  };
  const ctx: ActionContext = {
    db: deps.db,
    now,
    log: deps.log,
    requestId,
    actor,
    ports: portsOf(deps),
    caller,
    deps,
  };
  return def.handler(ctx, parsed.data);
}

/** Read through on use, so an undeclared port still fails only when an action reaches it. */
function portsOf(deps: Deps): Ports {
  const ports = {} as Ports;
  for (const name of PORT_NAMES) Object.defineProperty(ports, name, { get: () => deps[name], enumerable: true });
  return ports;
}
