import { ERROR_MESSAGES, isErrorCode } from '../../server/runtime/errors';

describe('error codes', () => {
  it('has every code API.md names', () => {
    for (const code of [
      'INVALID_INPUT',
      'UNAUTHENTICATED',
      'FORBIDDEN',
      'NOT_FOUND',
      'ALREADY_OWNED',
      'NOT_FOR_SALE',
      'ORDER_NOT_PAYABLE',
      'CONTENT_REJECTED',
      'RATE_LIMITED',
      'CONFLICT',
      'INTERNAL',
    ]) {
      expect(isErrorCode(code)).toBe(true);
    }
  });

  it('gives each code its own message (no two codes share a meaning)', () => {
    const messages = Object.values(ERROR_MESSAGES);
    expect(new Set(messages).size).toBe(messages.length);
  });

  it('does not treat inherited keys as codes', () => {
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode('__proto__')).toBe(false);
  });
});
