import {
  createMsgSecCheckModeration,
  MSG_SEC_CHECK_MAX_CHARS,
  type MsgSecCheckReply,
  type WxCloudLike,
} from '../../../server/adapters/moderation/msg-sec-check';

/**
 * The cloud adapter against replies shaped as wx-server-sdk returns them for
 * `openapi.security.msgSecCheck` v2: WeChat's JSON camelCased, errcode/errmsg replaced by
 * errCode: 0 / errMsg, and a thrown CloudSDKError for a non-zero errcode.
 */
function fakeCloud(answer: (data: unknown) => Promise<MsgSecCheckReply>) {
  const calls: unknown[] = [];
  const cloud: WxCloudLike = {
    init: () => undefined,
    openapi: {
      security: {
        msgSecCheck: async (data) => {
          calls.push(data);
          return answer(data);
        },
      },
    },
  };
  return { cloud, calls };
}

const reply = (suggest: string, label: number): MsgSecCheckReply => ({
  errCode: 0,
  errMsg: 'openapi.security.msgSecCheck:ok',
  traceId: '6555e0c8-4c1e4b50-1c2e1d2a',
  result: { suggest, label },
  detail: [
    { strategy: 'content_model', errcode: 0, suggest, label, prob: suggest === 'pass' ? 0 : 90 },
    { strategy: 'keyword', errcode: 0, suggest, label, level: 20, keyword: suggest === 'pass' ? undefined : '示例' } as never,
  ],
});

describe('msgSecCheck v2 adapter', () => {
  it('sends version 2 with the scene, openid and content, and reads result.suggest', async () => {
    const { cloud, calls } = fakeCloud(async () => reply('pass', 100));
    const moderation = createMsgSecCheckModeration({ loadCloud: () => cloud });
    await expect(moderation.check({ content: '写得真好', openid: 'oUser1', scene: 2 })).resolves.toBe('pass');
    expect(calls).toEqual([{ version: 2, scene: 2, openid: 'oUser1', content: '写得真好' }]);
  });

  it.each([
    ['pass', 100],
    ['review', 20002],
    ['risky', 20001],
  ])('maps suggest=%s to the same verdict', async (suggest, label) => {
    const { cloud } = fakeCloud(async () => reply(suggest as string, label as number));
    await expect(createMsgSecCheckModeration({ loadCloud: () => cloud }).check({ content: 'x', openid: 'o', scene: 1 })).resolves.toBe(
      suggest,
    );
  });

  it('passes the nickname scene through', async () => {
    const { cloud, calls } = fakeCloud(async () => reply('pass', 100));
    await createMsgSecCheckModeration({ loadCloud: () => cloud }).check({ content: '小明', openid: 'o', scene: 1 });
    expect(calls[0]).toMatchObject({ scene: 1, version: 2 });
  });

  it('throws (an outage, never a pass) when WeChat refuses the call', async () => {
    // wx-server-sdk turns errcode 40003 (openid not seen in the last 2 hours) into a thrown error.
    const { cloud } = fakeCloud(async () => {
      throw Object.assign(new Error('errCode: 40003 | errMsg: openapi.security.msgSecCheck:fail invalid openid'), { errCode: 40003 });
    });
    await expect(createMsgSecCheckModeration({ loadCloud: () => cloud }).check({ content: 'x', openid: 'o', scene: 2 })).rejects.toThrow(
      '40003',
    );
  });

  it.each([
    ['no result', { errCode: 0, errMsg: 'ok' }],
    ['unknown suggest', { errCode: 0, result: { suggest: 'maybe', label: 1 } }],
    ['non-zero errCode', { errCode: -1, result: { suggest: 'pass', label: 100 } }],
  ])('throws on a reply it cannot read (%s)', async (_label, body) => {
    const { cloud } = fakeCloud(async () => body as MsgSecCheckReply);
    await expect(createMsgSecCheckModeration({ loadCloud: () => cloud }).check({ content: 'x', openid: 'o', scene: 2 })).rejects.toThrow(
      /suggest/,
    );
  });

  it('refuses text over WeChat’s limit instead of checking only part of it', async () => {
    const { cloud, calls } = fakeCloud(async () => reply('pass', 100));
    const long = '字'.repeat(MSG_SEC_CHECK_MAX_CHARS + 1);
    await expect(createMsgSecCheckModeration({ loadCloud: () => cloud }).check({ content: long, openid: 'o', scene: 2 })).rejects.toThrow();
    expect(calls).toEqual([]);
  });

  it('does not load wx-server-sdk until the first check', () => {
    let loaded = 0;
    const { cloud } = fakeCloud(async () => reply('pass', 100));
    createMsgSecCheckModeration({
      loadCloud: () => {
        loaded += 1;
        return cloud;
      },
    });
    expect(loaded).toBe(0);
  });
});
