import { MessagePlugin } from 'tdesign-vue-next';
import { ApiError } from '../api';

/** The server's generic INVALID_INPUT line: the field messages say more, so it is left out then. */
const GENERIC = new Set(['输入参数不正确']);

/**
 * Shows the server's own message (it is written for people), with the bad fields when there
 * are any — each message once ("用户名已被使用", not "用户名已被使用：用户名已被使用").
 */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    const fields = [...new Set((err.details ?? []).map((d) => d.message))].filter((m) => m && m !== err.message);
    if (!fields.length) return err.message;
    return GENERIC.has(err.message) ? fields.join('；') : `${err.message}：${fields.join('；')}`;
  }
  return err instanceof Error ? err.message : String(err);
}

export function toastError(err: unknown) {
  MessagePlugin.error(errorText(err));
}
