import { z } from 'zod';
import { defineFunction } from '../../server/runtime/define-function';
import { action, platform } from '../../server/runtime/action';
import { sourceIncludes } from '../../server/runtime/caller';
import { createHarness, callerFor, type Harness } from '../support/harness';

/**
 * Functions the platform calls (pay-notify): the action is picked from the event's shape and the
 * caller's SOURCE, the audience still applies, and the answer is in the platform's format.
 */
describe('defineFunction — platformRoute and reply options', () => {
  let h: Harness;
  const fn = defineFunction(
    'probe-platform',
    {
      callback: action({
        summary: 'callback',
        audience: platform('wx_paycallback'),
        input: z.looseObject({ outTradeNo: z.string() }),
        handler: async (_ctx, input) => ({ got: input.outTradeNo }),
      }),
    },
    {
      platformRoute: (_event, caller) => (sourceIncludes(caller, 'wx_paycallback') ? 'callback' : undefined),
      reply: (envelope) => (envelope.ok ? { errcode: 0, errmsg: 'OK' } : { errcode: -1, errmsg: envelope.error.code }),
    },
  );
  const call = (event: unknown, source: string) => fn.invoke(event, { deps: h.deps, caller: callerFor({ source }) });

  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  it('routes a platform event without $url, passes the whole event as input, answers in the platform format', async () => {
    expect(await call({ outTradeNo: 'n1', extra: 1 }, 'wx_paycallback')).toEqual({ errcode: 0, errmsg: 'OK' });
    // the platform route wins over a $url the event carries
    expect(await call({ $url: 'other', outTradeNo: 'n1' }, 'wx_paycallback')).toEqual({ errcode: 0, errmsg: 'OK' });
  });

  it('a client event is not routed, and naming the action does not pass the audience', async () => {
    expect(await call({ outTradeNo: 'n1' }, 'wx_client')).toEqual({ errcode: -1, errmsg: 'NOT_FOUND' });
    expect(await call({ $url: 'callback', outTradeNo: 'n1' }, 'wx_client')).toEqual({ errcode: -1, errmsg: 'FORBIDDEN' });
    expect(await call({ outTradeNo: 5 }, 'wx_paycallback')).toEqual({ errcode: -1, errmsg: 'INVALID_INPUT' });
  });
});
