import { createWxSubscribeMessenger, type WxSubscribeCloud } from '../../../server/adapters/subscribe-message/wx-subscribe-message';
import { SubscribeMessageRefused } from '../../../server/ports/subscribe-message';

/** The cloud adapter: what it hands wx-server-sdk, and how WeChat's refusals come back. */
describe('subscribeMessage.send adapter', () => {
  const message = {
    touser: 'o-learner',
    page: 'pages/reader/article/index?id=7',
    columnTitle: '一个名字非常非常长的专栏标题超过了二十个字符的限制',
    articleTitle: '第 7 课',
    publishedAt: new Date('2026-06-01T02:00:00Z'),
  };
  const fakeCloud = (send: WxSubscribeCloud['openapi']['subscribeMessage']['send']): WxSubscribeCloud => ({
    init: () => undefined,
    openapi: { subscribeMessage: { send } },
  });

  it('sends the template with its fields, thing values cut to 20 characters, time in Beijing time', async () => {
    const calls: unknown[] = [];
    const m = createWxSubscribeMessenger({ newLessonTemplateId: 'TPL' }, () =>
      fakeCloud(async (data) => {
        calls.push(data);
        return { errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' };
      }),
    );
    await m.sendNewLesson(message);
    expect(calls).toEqual([
      {
        touser: 'o-learner',
        templateId: 'TPL',
        page: 'pages/reader/article/index?id=7',
        miniprogramState: 'formal',
        data: {
          thing1: { value: '一个名字非常非常长的专栏标题超过了二十…' },
          thing2: { value: '第 7 课' },
          time3: { value: '2026-06-01 10:00' },
        },
      },
    ]);
    expect([...(calls[0] as { data: { thing1: { value: string } } }).data.thing1.value].length).toBe(20);
  });

  it('a refusal (the SDK throws with errCode) becomes SubscribeMessageRefused with the code', async () => {
    const m = createWxSubscribeMessenger({ newLessonTemplateId: 'TPL' }, () =>
      fakeCloud(async () => {
        throw Object.assign(new Error('errCode: 43101 | errMsg: user refuse to accept the msg'), { errCode: 43101 });
      }),
    );
    await expect(m.sendNewLesson(message)).rejects.toMatchObject({ name: 'SubscribeMessageRefused', errCode: 43101 });
  });

  it('without a configured template nothing is sent', async () => {
    const m = createWxSubscribeMessenger({ newLessonTemplateId: '' }, () => {
      throw new Error('must not load the SDK');
    });
    await expect(m.sendNewLesson(message)).rejects.toBeInstanceOf(SubscribeMessageRefused);
  });
});
