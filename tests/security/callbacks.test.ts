import { loadFunction } from '../../server/emulator/functions';
import { createWechatPayV3Gateway } from '../../server/adapters/payment/wechatpay-v3.gateway';
import type { CloudFunction } from '../../server/runtime/define-function';
import { createHarness, callerFor, type Harness } from '../support/harness';
import { insertColumn } from '../support/fixtures';
import { entitlementsOf, notify, orderAndPrepay, payAtCashier } from '../support/payments';
import { RATE_LIMITS } from '../../server/domain/limits/rate-limit';

/**
 * Issue 14, lower findings on platform callbacks: an absurd amount answered an error forever (so the platform retried
 * for two days) instead of a permanent, acknowledged rejection; deeply nested JSON reached INTERNAL; unverified API
 * v3 notifications each wrote a row without limit.
 */
describe('odd platform callbacks are permanent rejections, bounded', () => {
  let h: Harness;
  let column: number;
  const statusOf = async (orderNo: string) => (await h.db('orders').where('order_no', orderNo).first('status')).status;

  beforeAll(async () => {
    h = await createHarness();
    column = await insertColumn(h.db, h.clock.now(), { price_fen: 9900 });
  });
  afterAll(() => h.close());

  it('an absurd amount is acknowledged (errcode 0), recorded, and grants nothing', async () => {
    const orderNo = await orderAndPrepay(h, 'absurd', 'column', column);
    const event = await payAtCashier(h, orderNo);
    for (const totalFee of [9_999_999_999, '9999999999', 2 ** 53 + 2, 1e300, -5, 99.5]) {
      const reply = await notify(h, { ...event, totalFee });
      expect(reply).toEqual({ errcode: 0, errmsg: 'OK' });
    }
    expect(await statusOf(orderNo)).toBe('pending');
    expect(await entitlementsOf(h, 'absurd')).toHaveLength(0);
    const verdicts = (await h.db('payment_events').where('order_no', orderNo)).map((e: any) => e.verdict);
    expect(verdicts).toHaveLength(6);
    for (const v of verdicts) expect(['rejected_malformed', 'rejected_amount']).toContain(v);
  });

  it('deeply nested JSON and special keys in a callback are recorded safely and acknowledged', async () => {
    const orderNo = await orderAndPrepay(h, 'nested', 'column', column);
    const event = await payAtCashier(h, orderNo);
    let deep: unknown = 'bottom';
    for (let i = 0; i < 20_000; i += 1) deep = { d: deep };
    const hostile = JSON.parse(`{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}}}`);
    const reply = await notify(h, { ...event, totalFee: 'not-a-number', attach: deep, ...hostile });
    expect(reply).toEqual({ errcode: 0, errmsg: 'OK' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const row = await h.db('payment_events').where('order_no', orderNo).first();
    expect(row.verdict).toBe('rejected_malformed');
    expect(row.payload_json.length).toBeLessThanOrEqual(16_000);
    expect(await statusOf(orderNo)).toBe('pending');
  });

  it('a flood of unverified API v3 notifications writes a bounded number of rows', async () => {
    const payments = createWechatPayV3Gateway(
      {
        appId: 'wxapp',
        mchId: '1230000109',
        merchantCertPem: '',
        merchantKeyPem: '',
        apiV3Key: 'k'.repeat(32),
        notifyUrl: 'https://example.com/notify',
        platformCertPem: '',
        publicKeyPem: '',
        publicKeyId: '',
      },
      () => {
        throw new Error('no network in tests');
      },
    );
    const deps = { ...h.deps, payments };
    const fn = loadFunction('pay-notify') as unknown as CloudFunction<{ statusCode: number }>;
    const before = Number((await h.db('payment_events').where('kind', 'notify_v3').count('* as n').first())!.n);
    const junk = {
      path: '/pay-notify',
      httpMethod: 'POST',
      headers: { 'wechatpay-signature': 'x' },
      body: '{"id":"x"}',
      isBase64Encoded: false,
    };
    const replies = await Promise.all(
      Array.from({ length: 60 }, () => fn.invoke(junk, { deps, caller: callerFor({ source: 'wx_http' }) })),
    );
    expect(replies.every((r) => r.statusCode === 401)).toBe(true);
    const after = Number((await h.db('payment_events').where('kind', 'notify_v3').count('* as n').first())!.n);
    expect(after - before).toBe(RATE_LIMITS.notifyRejected.max);
  });
});
