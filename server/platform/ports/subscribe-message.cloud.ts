import { createWxSubscribeMessenger } from '../../adapters/subscribe-message/wx-subscribe-message';
import type { SubscribeMessenger } from '../../ports/subscribe-message';
import type { AppConfig } from '../config';

/** WeChat subscription messages through wx-server-sdk's openapi (required on the first send). */
export function cloudSubscribeMessage(config: AppConfig): SubscribeMessenger {
  return createWxSubscribeMessenger({ newLessonTemplateId: config.newLessonTemplateId ?? '' });
}
