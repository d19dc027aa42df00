import { MessagePlugin } from 'tdesign-vue-next';
import { ApiError } from '../api';

/** Shows the server's own message (it is written for people), with the bad fields when there are any. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    const fields = err.details?.length ? '：' + err.details.map((d) => d.message).join('；') : '';
    return err.message + fields;
  }
  return err instanceof Error ? err.message : String(err);
}

export function toastError(err: unknown) {
  MessagePlugin.error(errorText(err));
}
