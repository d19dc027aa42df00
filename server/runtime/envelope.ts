import { AppError, ERROR_MESSAGES, isUnavailableError, type ErrorCode } from './errors';

export interface OkEnvelope<T> {
  ok: true;
  data: T;
}
export interface ErrorEnvelope {
  ok: false;
  error: { code: ErrorCode; message: string; details?: unknown };
}
export type Envelope<T> = OkEnvelope<T> | ErrorEnvelope;

export const ok = <T>(data: T): OkEnvelope<T> => ({ ok: true, data });

export function fail(code: ErrorCode, message?: string, details?: unknown): ErrorEnvelope {
  const error: ErrorEnvelope['error'] = { code, message: message ?? ERROR_MESSAGES[code] };
  if (details !== undefined) error.details = details;
  return { ok: false, error };
}

/** Only AppErrors keep their message; the database being unreachable is UNAVAILABLE; anything else a bare INTERNAL. */
export function toErrorEnvelope(err: unknown): ErrorEnvelope {
  if (err instanceof AppError) return fail(err.code, err.message, err.details);
  if (isUnavailableError(err)) return fail('UNAVAILABLE');
  return fail('INTERNAL');
}
