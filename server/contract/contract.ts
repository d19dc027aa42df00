import type { z } from 'zod';
import type { ActionDef } from '../runtime/action';
import type { CloudFunction } from '../runtime/define-function';

/** What a client sends: the schema's input side (defaults still optional, before transforms). */
export type ActionInput<D> = D extends ActionDef<infer S, any> ? z.input<S> : never;
/** What a client receives inside `{ ok: true, data }`. */
export type ActionOutput<D> = D extends ActionDef<any, infer R> ? Awaited<R> : never;

/**
 * One function's contract, read from its action table. `scripts/gen-contract.ts` expands these
 * into self-contained types for the clients, which must not import server code.
 */
export type FunctionContract<F> =
  F extends CloudFunction<any, infer A> ? { [K in keyof A]: { input: ActionInput<A[K]>; output: ActionOutput<A[K]> } } : never;
