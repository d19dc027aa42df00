import { createMsgSecCheckModeration } from '../../adapters/moderation/msg-sec-check';
import type { Moderation } from '../../ports/moderation';

/** WeChat content security (`security.msgSecCheck` v2); wx-server-sdk is required on the first check. */
export function cloudModeration(): Moderation {
  return createMsgSecCheckModeration();
}
