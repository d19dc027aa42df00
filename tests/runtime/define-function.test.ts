import { z } from 'zod';
import { defineFunction } from '../../server/runtime/define-function';
import { action, anyone, learner, platform } from '../../server/runtime/action';
import { AppError } from '../../server/runtime/errors';
import { Id } from '../../server/runtime/schemas';
import { createHarness, callerFor, type Harness } from '../support/harness';

describe('defineFunction — the wrapper every cloud function uses', () => {
  let h: Harness;
  const seen: unknown[] = [];
  const fn = defineFunction(
    'probe',
    {
      echo: action({ summary: 'echo', audience: anyone, input: z.strictObject({ n: Id }), handler: async (_ctx, input) => input }),
      whoami: action({
        summary: 'whoami',
        audience: learner,
        input: z.strictObject({}),
        handler: async (ctx) => ({ userId: await ctx.actor.learnerId(), again: await ctx.actor.learnerId() }),
      }),
      boom: action({
        summary: 'boom',
        audience: anyone,
        input: z.strictObject({}),
        handler: async () => {
          throw new Error('ER_BAD_FIELD: select secret_column from users at /srv/app.js:10 cloud://file-id');
        },
      }),
      expected: action({
        summary: 'expected',
        audience: anyone,
        input: z.strictObject({}),
        handler: async () => {
          throw new AppError('CONFLICT', '已有人抢先一步');
        },
      }),
      tick: action({
        summary: 'tick',
        audience: platform('wx_trigger'),
        input: z.strictObject({}),
        handler: async (ctx) => {
          seen.push(ctx.caller.source);
          return 'ticked';
        },
      }),
    },
    { timerAction: 'tick' },
  );
  const call = (event: unknown, as = {}) => fn.invoke(event, { deps: h.deps, caller: callerFor(as) });

  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  it('answers in the envelope', async () => {
    expect(await call({ $url: 'echo', n: 7 })).toEqual({ ok: true, data: { n: 7 } });
  });

  it('strips the platform-added userInfo from client events before validation', async () => {
    expect(await call({ $url: 'echo', n: 1, userInfo: { appId: 'wx1', openId: 'o1' } })).toEqual({ ok: true, data: { n: 1 } });
  });

  it('unknown or missing $url → NOT_FOUND', async () => {
    expect(await call({ $url: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call({})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call(null)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call({ $url: '__proto__' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('INVALID_INPUT lists the bad fields in Chinese', async () => {
    const res = await call({ $url: 'echo', n: 'x', extra: true });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe('INVALID_INPUT');
    const fields = (res.error.details as Array<{ field: string; message: string }>).map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['n', 'extra']));
    expect(JSON.stringify(res.error.details)).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('a learner action without OPENID → UNAUTHENTICATED; with one it creates the user once', async () => {
    expect(await call({ $url: 'whoami' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const first = await call({ $url: 'whoami' }, { openid: 'o-new' });
    const second = await call({ $url: 'whoami' }, { openid: 'o-new' });
    expect(first).toEqual(second);
    expect(await h.db('users').where({ openid: 'o-new' }).count('* as n').first()).toMatchObject({ n: 1 });
  });

  it('concurrent first calls of one learner create one user row', async () => {
    await Promise.all(Array.from({ length: 8 }, () => call({ $url: 'whoami' }, { openid: 'o-race' })));
    const row = await h.db('users').where({ openid: 'o-race' }).count('* as n').first();
    expect(Number(row?.n)).toBe(1);
  });

  it('an unexpected error becomes INTERNAL with no stack, SQL or file id, and is logged', async () => {
    const res = await call({ $url: 'boom' });
    expect(res).toEqual({ ok: false, error: { code: 'INTERNAL', message: '服务开小差了，请稍后再试' } });
    expect(JSON.stringify(res)).not.toMatch(/ER_BAD_FIELD|secret_column|cloud:\/\/|app\.js/);
    expect(h.log.lines.some((l) => l.event === 'function.crash' && String(l.error).includes('ER_BAD_FIELD'))).toBe(true);
  });

  it('an AppError keeps its code and message', async () => {
    expect(await call({ $url: 'expected' })).toEqual({ ok: false, error: { code: 'CONFLICT', message: '已有人抢先一步' } });
  });

  it('platform actions refuse client callers; the timer event runs the timer action', async () => {
    expect(await call({ $url: 'tick' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call({ Type: 'Timer', TriggerName: 'reconcile', Time: '2026-06-01T00:00:00Z' }, { source: 'wx_trigger' })).toEqual({
      ok: true,
      data: 'ticked',
    });
    // a client sending a timer-shaped event is not a timer
    expect(await call({ Type: 'Timer' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('logs one structured line per call with a request id and duration', async () => {
    const before = h.log.lines.length;
    await call({ $url: 'echo', n: 3 });
    const lines = h.log.lines.slice(before).filter((l) => l.event === 'function.call');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ fn: 'probe', action: 'echo', ok: true });
    expect(typeof lines[0].requestId).toBe('string');
    expect(typeof lines[0].ms).toBe('number');
  });
});
