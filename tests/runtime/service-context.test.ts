import { z } from 'zod';
import { defineFunction } from '../../server/runtime/define-function';
import { action, anyone, learner } from '../../server/runtime/action';
import type { ServiceContext } from '../../server/runtime/service-context';
import { callerFor, useHarness } from '../support/harness';

/** The runtime builds one ServiceContext per call; a handler passes its `ctx` straight to a service. */
describe('the service context of a call', () => {
  const h = useHarness();
  const service = async (ctx: ServiceContext) => ({
    sameDb: ctx.db === h.db,
    now: ctx.now.toISOString(),
    requestId: ctx.requestId,
    viewer: await ctx.actor.viewerId(),
    admin: ctx.actor.admin,
  });
  const fn = defineFunction('probe', {
    read: action({ summary: 'read', audience: anyone, input: z.strictObject({}), handler: (ctx) => service(ctx) }),
    join: action({
      summary: 'join',
      audience: learner,
      input: z.strictObject({}),
      handler: async (ctx) => {
        const [a, b] = await Promise.all([ctx.actor.learnerId(), ctx.actor.learnerId()]);
        return { a, b, viewer: await ctx.actor.viewerId() };
      },
    }),
    media: action({
      summary: 'media',
      audience: anyone,
      input: z.strictObject({}),
      handler: async (ctx) => typeof ctx.ports.media.signedUrl,
    }),
  });
  const call = (name: string, openid?: string) =>
    fn.invoke({ $url: name }, { deps: h.deps, caller: callerFor({ openid }), requestId: 'req-1' });

  it('carries the database, one clock reading, the request id and the actor', async () => {
    expect(await call('read')).toEqual({
      ok: true,
      data: { sameDb: true, now: h.clock.now().toISOString(), requestId: 'req-1', viewer: null, admin: null },
    });
  });

  it('creates the learner row once per call, however often it is asked, and then knows the viewer', async () => {
    const res = (await call('join', 'ctx-learner')) as { ok: true; data: { a: number; b: number } };
    expect(res.data.a).toBe(res.data.b);
    expect(res).toMatchObject({ ok: true, data: { viewer: expect.any(Number) } });
    expect(Number((await h.db('users').where({ openid: 'ctx-learner' }).count('* as n').first())?.n)).toBe(1);
  });

  it('reaches only the ports the function declared', async () => {
    expect(await call('media')).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});
