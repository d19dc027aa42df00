import { createHarness, type Harness } from '../support/harness';
import { DEFAULT_IOS_GUIDANCE, IOS_PURCHASE_POLICY_KEY } from '../../server/domain/settings/client-config';

/**
 * `catalog.config`: what the mini program needs before it renders a price. The iOS purchase
 * policy is a server setting so creators can change it without a release.
 */
describe('catalog.config', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  const setPolicy = async (value: string) => {
    await h.db('settings').where('key', IOS_PURCHASE_POLICY_KEY).delete();
    await h.db('settings').insert({ key: IOS_PURCHASE_POLICY_KEY, value_json: value, updated_at: h.clock.now() });
  };

  it('hides prices on iOS by default, with guidance, for anonymous callers too', async () => {
    await h.db('settings').where('key', IOS_PURCHASE_POLICY_KEY).delete();
    expect(await h.ok('catalog', 'config')).toEqual({
      iosPurchase: { mode: 'hide', guidance: DEFAULT_IOS_GUIDANCE },
      payment: { provider: 'sandbox', virtual: false, iosCanBuy: false, iosMinPriceFen: 0 },
    });
  });

  it('follows the stored setting without a release', async () => {
    await setPolicy(JSON.stringify({ mode: 'show' }));
    expect((await h.ok('catalog', 'config', {}, { openid: 'o-ios' })).iosPurchase.mode).toBe('show');
    await setPolicy(JSON.stringify({ mode: 'hide', guidance: '请使用兑换码' }));
    expect((await h.ok('catalog', 'config')).iosPurchase).toEqual({ mode: 'hide', guidance: '请使用兑换码' });
  });

  it('falls back to hiding when the stored value is broken, and logs it', async () => {
    for (const broken of ['not json', JSON.stringify({ mode: 'sell-everything' }), JSON.stringify(null)]) {
      await setPolicy(broken);
      expect((await h.ok('catalog', 'config')).iosPurchase.mode).toBe('hide');
    }
    expect(h.log.lines.some((l) => l.event === 'settings.invalid')).toBe(true);
  });

  it('takes no input', async () => {
    const error = await h.fails('INVALID_INPUT', 'catalog', 'config', { platform: 'ios' });
    expect(JSON.stringify(error.details)).toContain('platform');
  });
});

describe('catalog.config with virtual payment live (xpay-sandbox)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ payProvider: 'xpay-sandbox' });
  });
  afterAll(() => h.close());

  it('tells the mini program that iOS buys through virtual payment from ¥1, and keeps the policy guidance for below', async () => {
    const config = await h.ok('catalog', 'config');
    expect(config.payment).toEqual({ provider: 'xpay-sandbox', virtual: true, iosCanBuy: true, iosMinPriceFen: 100 });
    expect(config.iosPurchase).toEqual({ mode: 'hide', guidance: DEFAULT_IOS_GUIDANCE });
  });
});
