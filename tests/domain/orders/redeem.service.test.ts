import { createBatch, exportBatch, listBatches, voidBatch, CODE_LENGTH } from '../../../server/domain/orders/redeem.service';
import { useHarness } from '../../support/harness';
import { insertArticle, insertColumn } from '../../support/fixtures';
import { testDbClient } from '../../support/test-db';
import { entitlementsOf } from '../../support/payments';
import { serviceContext } from '../../support/service-context';

const DAY = 86400_000;

/** Redeem codes: random, single use even when two learners race, optional validity window. */
describe(`redeem codes (${testDbClient()})`, () => {
  const h = useHarness();
  let now: Date;
  // What the codes are for: a column, one of its articles, and a membership plan.
  let column: number, article: number, plan: number;

  beforeAll(async () => {
    now = h.clock.now();
    column = await insertColumn(h.db, now, { price_fen: 9900, member_included: true });
    article = await insertArticle(h.db, now, column);
    const [p] = await h
      .db('membership_plans')
      .insert({ name: '月度会员', duration_days: 30, price_fen: 2500, status: 'active', sort: 0, created_at: now, updated_at: now });
    plan = Number(p);
  });
  afterEach(() => h.clock.set(now));

  it('creates a batch of distinct, unguessable codes and lists/exports it', async () => {
    const { batchId, codes } = await createBatch(serviceContext(h), { itemType: 'column', itemId: column, count: 50, note: '线下班' });
    expect(codes).toHaveLength(50);
    expect(new Set(codes).size).toBe(50);
    for (const code of codes) expect(code).toMatch(new RegExp(`^[0-9A-HJKMNP-TV-Z]{${CODE_LENGTH}}$`));
    const listed = await listBatches(h.db, { limit: 10 });
    expect(listed.items[0]).toMatchObject({ id: batchId, codeCount: 50, usedCount: 0, note: '线下班', itemType: 'column' });
    const rows = await exportBatch(serviceContext(h), batchId);
    expect(rows.map((r) => r.code).sort()).toEqual([...codes].sort());
  });

  it('a redeemed code grants like a purchase and works once; input is forgiving about case and dashes', async () => {
    const { batchId, codes } = await createBatch(serviceContext(h), { itemType: 'column', itemId: column, count: 2, days: 7 });
    const typed = codes[0]
      .toLowerCase()
      .replace(/(.{4})/g, '$1-')
      .replace(/-$/, '');
    const res = await h.ok('order', 'redeem', { code: typed }, { openid: 'r1' });
    expect(res).toEqual({ itemType: 'column', itemId: column, expiresAt: new Date(now.getTime() + 7 * DAY).toISOString() });
    expect(await h.ok('catalog', 'column', { columnId: column }, { openid: 'r1' })).toMatchObject({ owned: true });
    await h.fails('CONFLICT', 'order', 'redeem', { code: codes[0] }, { openid: 'r2' });
    expect(await entitlementsOf(h, 'r2')).toHaveLength(0);
    // the owner is not made to waste a second code
    await h.fails('ALREADY_OWNED', 'order', 'redeem', { code: codes[1] }, { openid: 'r1' });
    const rows = await exportBatch(serviceContext(h), batchId);
    expect(rows.find((r) => r.code === codes[0])).toMatchObject({ status: 'used', usedBy: 'r1' });
    expect(rows.find((r) => r.code === codes[1])).toMatchObject({ status: 'unused', usedBy: null });
  });

  it('two redeems of one code at once: one wins, the other gets CONFLICT', async () => {
    const { codes } = await createBatch(serviceContext(h), { itemType: 'article', itemId: article, count: 1 });
    const results = await Promise.all(
      ['race-a', 'race-b', 'race-c'].map((openid) => h.call('order', 'redeem', { code: codes[0] }, { openid })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r: any) => r.error.code)).toEqual(['CONFLICT', 'CONFLICT']);
    const granted = await h.db('entitlements').where({ source: 'redeem', scope: 'article', item_id: article });
    expect(granted).toHaveLength(1);
  });

  it('membership codes extend from the current expiry', async () => {
    const { codes } = await createBatch(serviceContext(h), { itemType: 'membership', itemId: plan, count: 2 });
    const first = await h.ok('order', 'redeem', { code: codes[0] }, { openid: 'm1' });
    expect(first.expiresAt).toBe(new Date(now.getTime() + 30 * DAY).toISOString());
    const second = await h.ok('order', 'redeem', { code: codes[1] }, { openid: 'm1' });
    expect(second.expiresAt).toBe(new Date(now.getTime() + 60 * DAY).toISOString());
  });

  it('validity window, voided batches, unknown codes and bad input: clear codes, nothing granted', async () => {
    const windowed = await createBatch(serviceContext(h), {
      itemType: 'column',
      itemId: column,
      count: 1,
      validFrom: new Date(now.getTime() + DAY),
      validUntil: new Date(now.getTime() + 2 * DAY),
    });
    await h.fails('REDEEM_CODE_INACTIVE', 'order', 'redeem', { code: windowed.codes[0] }, { openid: 'w1' });
    h.clock.advance(3 * DAY);
    await h.fails('REDEEM_CODE_INACTIVE', 'order', 'redeem', { code: windowed.codes[0] }, { openid: 'w1' });
    h.clock.set(new Date(now.getTime() + 1.5 * DAY));
    await h.ok('order', 'redeem', { code: windowed.codes[0] }, { openid: 'w1' });
    h.clock.set(now);

    const voided = await createBatch(serviceContext(h), { itemType: 'column', itemId: column, count: 3 });
    await h.ok('order', 'redeem', { code: voided.codes[0] }, { openid: 'v0' });
    expect(await voidBatch(serviceContext(h), voided.batchId)).toEqual({ voided: 2 });
    await h.fails('NOT_FOUND', 'order', 'redeem', { code: voided.codes[1] }, { openid: 'v1' });
    expect(await h.ok('catalog', 'column', { columnId: column }, { openid: 'v0' })).toMatchObject({ owned: true });

    await h.fails('NOT_FOUND', 'order', 'redeem', { code: 'ABCDEFGHJKMNPQRS' }, { openid: 'v1' });
    await h.fails('INVALID_INPUT', 'order', 'redeem', { code: '' }, { openid: 'v1' });
    await h.fails('INVALID_INPUT', 'order', 'redeem', { code: 'x'.repeat(41) }, { openid: 'v1' });
    await h.fails('INVALID_INPUT', 'order', 'redeem', { code: "' OR 1=1 --" }, { openid: 'v1' });
    await h.fails('INVALID_INPUT', 'order', 'redeem', { code: 12345678 }, { openid: 'v1' });
    await h.fails('UNAUTHENTICATED', 'order', 'redeem', { code: voided.codes[2] });
    expect(await entitlementsOf(h, 'v1')).toHaveLength(0);

    await expect(createBatch(serviceContext(h), { itemType: 'column', itemId: 999999, count: 1 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(createBatch(serviceContext(h), { itemType: 'column', itemId: column, count: 0 })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(createBatch(serviceContext(h), { itemType: 'column', itemId: column, count: 1001 })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(
      createBatch(serviceContext(h), { itemType: 'column', itemId: column, count: 1, validFrom: now, validUntil: now }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(voidBatch(serviceContext(h), 999999)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
