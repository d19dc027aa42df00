import type { Knex } from 'knex';
import type { Clock } from '../../ports/clock';
import type { NewLessonMessage, SubscribeMessenger } from '../../ports/subscribe-message';
import { newLessonData } from './template';

export const LOCAL_NEW_LESSON_TEMPLATE = 'local-new-lesson';

/** Local runs and tests: every message is recorded in `message_outbox` instead of being sent. */
export function outboxSubscribeMessenger(db: Knex, clock: Clock, templateId = LOCAL_NEW_LESSON_TEMPLATE): SubscribeMessenger {
  return {
    newLessonTemplateId: templateId,
    async sendNewLesson(m: NewLessonMessage) {
      await db('message_outbox').insert({
        channel: 'subscribeMessage',
        touser: m.touser,
        template_id: templateId,
        page: m.page,
        data_json: JSON.stringify(newLessonData(m)),
        created_at: clock.now(),
      });
    },
  };
}
