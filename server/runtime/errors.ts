/**
 * The one list of error codes the clients rely on (API.md). Each code has exactly one meaning;
 * `errors.test.ts` checks that no two codes share a message or a meaning.
 */
export const ERROR_MESSAGES = {
  INVALID_INPUT: '输入参数不正确',
  UNAUTHENTICATED: '请先登录',
  FORBIDDEN: '没有权限进行此操作',
  NOT_FOUND: '内容不存在或已下架',
  ALREADY_OWNED: '你已拥有该内容，无需重复购买',
  NOT_FOR_SALE: '该内容暂不单独出售',
  ORDER_NOT_PAYABLE: '订单当前不可支付',
  CONTENT_REJECTED: '内容未通过安全审核，请修改后再试',
  MODERATION_UNAVAILABLE: '内容安全检查暂时不可用，请稍后再试',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  CONFLICT: '操作冲突，请刷新后重试',
  REDEEM_CODE_INACTIVE: '兑换码不在有效期内',
  COUPON_SOLD_OUT: '优惠券已被领完',
  COUPON_LIMIT_REACHED: '已达到该优惠券的领取上限',
  COUPON_EXPIRED: '优惠券不在有效期内或已停用',
  COUPON_NOT_APPLICABLE: '该优惠券不适用于此商品',
  COUPON_MIN_SPEND: '未达到优惠券的使用门槛',
  COUPON_USED: '该优惠券已使用',
  COUPON_LOCKED: '该优惠券正被另一笔待支付订单占用',
  PAYOUT_EXCEEDS_AVAILABLE: '结算金额超过可结算的佣金',
  INTERNAL: '服务开小差了，请稍后再试',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_MESSAGES, value);
}

/**
 * An expected business failure with a stable code. `details` must be safe to show a client
 * (field names, limits) — never SQL, stack traces or storage file ids.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message?: string, details?: unknown) {
    super(message ?? ERROR_MESSAGES[code]);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export const notFound = (message?: string) => new AppError('NOT_FOUND', message);
export const forbidden = (message?: string) => new AppError('FORBIDDEN', message);
