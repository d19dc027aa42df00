import type { ErrorCode as ServerCode } from './contract.gen';

/**
 * Every failure a page can see, as a stable code. Server codes come from the API envelope
 * (API.md); the client adds its own for things that never reach the server. Pages branch on
 * `code`, never on message text or wx `errMsg` (which differs by platform and version).
 */
/** The server's codes, generated from server/runtime/errors.ts. */
export type ServerErrorCode = ServerCode;

export type ClientErrorCode =
  /** The call never got an answer (offline, timeout, DNS, gateway down). */
  | 'NETWORK'
  /** The answer was not an API envelope (wrong gateway URL, proxy page). */
  | 'BAD_RESPONSE'
  /** The learner closed the WeChat Pay sheet. */
  | 'PAY_CANCELLED'
  /** wx.requestPayment failed for another reason. */
  | 'PAY_FAILED';

export type ErrorCode = ServerErrorCode | ClientErrorCode;

const CLIENT_MESSAGES: Record<ClientErrorCode, string> = {
  NETWORK: '网络不给力，请检查网络后重试',
  BAD_RESPONSE: '服务返回异常，请稍后再试',
  PAY_CANCELLED: '已取消支付',
  PAY_FAILED: '支付未完成，请稍后再试',
};

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message?: string, details?: unknown) {
    super(message || CLIENT_MESSAGES[code as ClientErrorCode] || '出了点问题，请稍后再试');
    this.name = 'ApiError';
    this.code = code;
    this.details = details;
  }
}

export function isApiError(err: unknown, code?: ErrorCode): err is ApiError {
  return err instanceof ApiError && (code === undefined || err.code === code);
}

/** Anything thrown becomes an ApiError, so a page has exactly one thing to branch on. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError('BAD_RESPONSE');
}
