import { createHarness, type Harness } from '../support/harness';

/** catalog.plans: the membership page's list — plans on sale only, in the creator's order. */
describe('catalog.plans', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    const now = h.clock.now();
    await h.db('membership_plans').insert([
      { name: '年度会员', duration_days: 365, price_fen: 19800, status: 'active', sort: 2, created_at: now, updated_at: now },
      { name: '月度会员', duration_days: 30, price_fen: 2500, status: 'active', sort: 1, created_at: now, updated_at: now },
      { name: '旧版季度会员', duration_days: 90, price_fen: 6800, status: 'archived', sort: 0, created_at: now, updated_at: now },
    ]);
  }, 60000);
  afterAll(() => h.close());

  it('lists active plans for anyone, archived ones never', async () => {
    const data = await h.ok('catalog', 'plans');
    expect(data.items.map((p: any) => [p.name, p.durationDays, p.priceFen])).toEqual([
      ['月度会员', 30, 2500],
      ['年度会员', 365, 19800],
    ]);
    expect(await h.ok('catalog', 'plans', {}, { openid: 'someone' })).toEqual(data);
  });

  it('extra fields → INVALID_INPUT', async () => {
    await h.fails('INVALID_INPUT', 'catalog', 'plans', { status: 'archived' });
  });
});
