import { createHarness, callerFor, type Harness } from '../support/harness';
import { testDbClient } from '../support/test-db';
import { loadFunction } from '../../server/emulator/functions';
import type { Moderation } from '../../server/ports/moderation';
import { createWordListModeration } from '../../server/adapters/moderation/word-list';
import { createMsgSecCheckModeration } from '../../server/adapters/moderation/msg-sec-check';

/**
 * Images through the Moderation port as media: the local checker answers at once (a risky avatar is
 * refused and not saved); mediaCheckAsync answers with a trace id, the avatar is used and recorded,
 * and the `wxa_media_check` push takes a risky one down (only while it is still the avatar).
 */
describe(`image moderation (${testDbClient()})`, () => {
  let h: Harness;
  const avatarOf = async (openid: string) => (await h.db('users').where('openid', openid).first('avatar')).avatar;

  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  it('the local checker refuses a risky avatar and keeps a clean one', async () => {
    await h.ok('user', 'updateProfile', { avatar: 'media/uploads/avatars/clean.png' }, { openid: 'img-a' });
    expect(await avatarOf('img-a')).toBe('media/uploads/avatars/clean.png');
    await h.fails('CONTENT_REJECTED', 'user', 'updateProfile', { avatar: 'media/uploads/avatars/risky-1.png' }, { openid: 'img-a' });
    expect(await avatarOf('img-a')).toBe('media/uploads/avatars/clean.png');
  });

  it('an asynchronous check is recorded, and its risky verdict takes the avatar down', async () => {
    const seen: any[] = [];
    const asyncChecker: Moderation = {
      ...createWordListModeration(),
      async checkMedia(req) {
        seen.push(req);
        return { pending: `trace-${seen.length}` };
      },
    };
    const saved = h.deps.moderation;
    (h.deps as any).moderation = asyncChecker;
    try {
      await h.ok('user', 'updateProfile', { avatar: 'media/uploads/avatars/later.png' }, { openid: 'img-b' });
      expect(seen[0]).toMatchObject({ openid: 'img-b', scene: 1, url: expect.stringContaining('later.png') });
      expect(await avatarOf('img-b')).toBe('media/uploads/avatars/later.png');
      expect(await h.db('media_checks').where('trace_id', 'trace-1').first()).toMatchObject({ target_type: 'avatar', status: 'pending' });
    } finally {
      (h.deps as any).moderation = saved;
    }
    const push = (traceId: string, suggest: string) =>
      loadFunction('pay-notify').invoke(
        {
          ToUserName: 'gh',
          FromUserName: 'o',
          CreateTime: 1,
          MsgType: 'event',
          Event: 'wxa_media_check',
          appid: 'wx',
          trace_id: traceId,
          version: 2,
          result: { suggest, label: 20002 },
        },
        { deps: h.deps, caller: callerFor({ source: '' }) },
      );
    expect(await push('trace-unknown', 'risky')).toEqual({ ErrCode: 0, ErrMsg: 'success' });
    expect(await avatarOf('img-b')).toBe('media/uploads/avatars/later.png');
    expect(await push('trace-1', 'risky')).toEqual({ ErrCode: 0, ErrMsg: 'success' });
    expect(await avatarOf('img-b')).toBe('');
    expect((await h.db('media_checks').where('trace_id', 'trace-1').first()).status).toBe('risky');
  });

  it('the cloud adapter calls mediaCheckAsync v2 for an image and returns its trace id', async () => {
    const calls: any[] = [];
    const cloud = {
      init() {},
      openapi: {
        security: {
          msgSecCheck: async () => ({}),
          mediaCheckAsync: async (data: any) => {
            calls.push(data);
            return { errCode: 0, errMsg: 'ok', traceId: 'trace-cloud' };
          },
        },
      },
    };
    const moderation = createMsgSecCheckModeration({ loadCloud: () => cloud as any });
    expect(await moderation.checkMedia!({ url: 'https://x.tcb.qcloud.la/a.png', openid: 'o1', scene: 1 })).toEqual({
      pending: 'trace-cloud',
    });
    expect(calls[0]).toEqual({ version: 2, scene: 1, openid: 'o1', mediaUrl: 'https://x.tcb.qcloud.la/a.png', mediaType: 2 });
  });
});

describe(`cover moderation (${testDbClient()})`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  it('a risky column cover is refused on create and update; a clean one is saved', async () => {
    const { adminToken } = await import('./admin/admin-support');
    const owner = { bearer: await adminToken(h, 'cover-owner', 'owner') };
    await h.fails(
      'CONTENT_REJECTED',
      'admin',
      'column.create',
      { title: '封面', priceFen: 100, memberIncluded: false, cover: 'https://cdn.example.com/risky.png' },
      owner,
    );
    const created = await h.ok(
      'admin',
      'column.create',
      { title: '封面', priceFen: 100, memberIncluded: false, cover: 'https://cdn.example.com/ok.png' },
      owner,
    );
    await h.fails('CONTENT_REJECTED', 'admin', 'column.update', { id: created.id, cover: 'https://cdn.example.com/risky-2.png' }, owner);
    expect((await h.db('columns').where('id', created.id).first('cover')).cover).toBe('https://cdn.example.com/ok.png');
  });
});
