import { SubscribeMessageRefused, type NewLessonMessage, type SubscribeMessenger } from '../../ports/subscribe-message';
import { newLessonData } from './template';

/** The part of wx-server-sdk used: `openapi.subscribeMessage.send` (needs the openapi permission in config.json). */
export interface WxSubscribeCloud {
  init(options: { env: unknown }): void;
  DYNAMIC_CURRENT_ENV?: unknown;
  openapi: {
    subscribeMessage: {
      send(data: {
        touser: string;
        templateId: string;
        page: string;
        data: Record<string, { value: string }>;
        miniprogramState?: 'developer' | 'trial' | 'formal';
      }): Promise<{ errCode?: number; errMsg?: string }>;
    };
  };
}

export interface WxSubscribeSettings {
  newLessonTemplateId: string;
  miniprogramState?: 'developer' | 'trial' | 'formal';
}

let initialised: WxSubscribeCloud | undefined;
function loadWxCloud(): WxSubscribeCloud {
  if (!initialised) {
    // Required on first send only: wx-server-sdk costs hundreds of milliseconds to load.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cloud = require('wx-server-sdk') as WxSubscribeCloud;
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
    initialised = cloud;
  }
  return initialised;
}

/**
 * WeChat's `subscribeMessage.send`. The SDK throws a CloudSDKError carrying `errCode` for a
 * non-zero answer (43101: the learner has no grant left / refused; 47003: bad template data).
 */
export function createWxSubscribeMessenger(settings: WxSubscribeSettings, load: () => WxSubscribeCloud = loadWxCloud): SubscribeMessenger {
  return {
    newLessonTemplateId: settings.newLessonTemplateId,
    async sendNewLesson(m: NewLessonMessage) {
      if (!settings.newLessonTemplateId) throw new SubscribeMessageRefused('no new-lesson template is configured', null);
      let reply: { errCode?: number; errMsg?: string };
      try {
        reply = await load().openapi.subscribeMessage.send({
          touser: m.touser,
          templateId: settings.newLessonTemplateId,
          page: m.page,
          data: newLessonData(m),
          miniprogramState: settings.miniprogramState ?? 'formal',
        });
      } catch (err) {
        const code = (err as { errCode?: unknown }).errCode;
        throw new SubscribeMessageRefused(String((err as Error).message ?? err).slice(0, 200), typeof code === 'number' ? code : null);
      }
      if (reply.errCode) throw new SubscribeMessageRefused(reply.errMsg ?? 'subscribeMessage.send failed', reply.errCode);
    },
  };
}
