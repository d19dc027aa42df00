import { computeGrantsDigest, parseGrantsDigest, refreshGrantsDigest } from '../../../server/domain/entitlements/grants-digest';
import { grantEntitlement } from '../../../server/domain/entitlements/entitlement.grant';
import { inTransaction } from '../../../server/db/transactions';
import { ensureUserId } from '../../../server/domain/users/user.repo';
import { loadArticleForReading } from '../../../server/domain/access/article-access.repo';
import { createHarness, type Harness } from '../../support/harness';
import { PAID_SECRET, insertArticle, insertColumn } from '../../support/fixtures';
import { notify, orderAndPrepay, payAtCashier } from '../../support/payments';
import { testDbClient } from '../../support/test-db';
import { adminToken } from '../../functions/admin/admin-support';
import type { EntitlementFacts } from '../../../server/domain/access/access.policy';

const HOUR = 3600_000;

describe('grants digest: the span in which it is the active set', () => {
  const now = new Date('2026-06-01T02:00:00.000Z');
  const at = (h: number) => new Date(now.getTime() + h * HOUR);
  const e = (scope: EntitlementFacts['scope'], itemId: number, startsAt: Date, expiresAt: Date | null, revokedAt: Date | null = null) => ({
    scope,
    itemId,
    startsAt,
    expiresAt,
    revokedAt,
  });

  it('holds the active ones, from the last start or end before now to the next one after it', () => {
    const digest = computeGrantsDigest(
      [
        e('article', 7, at(-10), null), // active, forever
        e('column', 3, at(-5), at(4)), // active until +4 h
        e('membership', 0, at(-20), at(-2)), // ended 2 h ago
        e('membership', 0, at(6), at(30)), // a renewal that begins in 6 h
        e('column', 9, at(-1), null, at(-0.5)), // revoked: neither held nor a bound
      ],
      now,
    );
    expect(digest.validFrom).toEqual(at(-2));
    expect(digest.validUntil).toEqual(at(4));
    expect(parseGrantsDigest(digest.digest)).toEqual([e('article', 7, at(-10), null), e('column', 3, at(-5), at(4))]);
    expect(digest.digest).toBe(`;a,7,${at(-10).getTime()},;c,3,${at(-5).getTime()},${at(4).getTime()}`);
  });

  it('of nothing: empty, from the beginning, for ever', () => {
    expect(computeGrantsDigest([], now)).toEqual({ digest: '', validFrom: new Date(0), validUntil: null });
    expect(parseGrantsDigest('')).toEqual([]);
  });

  it('a start or an end exactly now counts as before (active from its start, gone at its end)', () => {
    const digest = computeGrantsDigest([e('article', 1, now, null), e('article', 2, at(-1), now)], now);
    expect(parseGrantsDigest(digest.digest).map((x) => x.itemId)).toEqual([1]);
    expect(digest.validFrom).toEqual(now);
    expect(digest.validUntil).toBeNull();
  });
});

describe(`grants digest kept by the writers (${testDbClient()})`, () => {
  let h: Harness;
  let column: number;
  let paid: number;
  let other: number;

  beforeAll(async () => {
    h = await createHarness();
    const now = h.clock.now();
    column = await insertColumn(h.db, now, { price_fen: 9900, member_included: true });
    paid = await insertArticle(h.db, now, column);
    other = await insertArticle(h.db, now, await insertColumn(h.db, now, { price_fen: 1900 }));
  });
  afterAll(() => h.close());

  const digestOf = async (openid: string) =>
    h.db('users').where('openid', openid).first('id', 'grants_digest', 'grants_valid_from', 'grants_valid_until');
  /** What the writers kept equals a recomputation from the entitlements. */
  const keptIsExact = async (openid: string) => {
    const kept = await digestOf(openid);
    await refreshGrantsDigest(h.db, Number(kept.id), h.clock.now());
    expect(await digestOf(openid)).toEqual(kept);
  };
  const opens = async (openid: string) => (await h.ok('access', 'article', { articleId: paid }, { openid })).access;

  it('a purchase shows at once, a refund takes it back at once, and each time the statement reads no entitlements', async () => {
    const owner = { bearer: await adminToken(h, 'gd-boss', 'owner') };
    expect(await opens('gd-buyer')).toEqual({ granted: false, reason: 'preview' });
    const orderNo = await orderAndPrepay(h, 'gd-buyer', 'column', column);
    await notify(h, payAtCashier(h, orderNo));
    expect((await digestOf('gd-buyer')).grants_digest).toMatch(new RegExp(`;c,${column},`));
    await keptIsExact('gd-buyer');
    const loaded = await loadArticleForReading(h.db, paid, 'gd-buyer', h.clock.now());
    expect(loaded).toMatchObject({ digestStale: false, bodyHtml: expect.stringContaining(PAID_SECRET) });
    expect(await opens('gd-buyer')).toEqual({ granted: true, reason: 'column' });

    await h.ok('admin', 'order.refund', { orderNo, reason: '学员申请' }, owner);
    expect((await digestOf('gd-buyer')).grants_digest).toBe('');
    await keptIsExact('gd-buyer');
    expect(await opens('gd-buyer')).toEqual({ granted: false, reason: 'preview' });
  });

  it('a manual grant and its revocation through the CMS', async () => {
    const owner = { bearer: await adminToken(h, 'gd-boss2', 'owner') };
    await h.ok('admin', 'grant.create', { openid: 'gd-granted', itemType: 'article', itemId: paid, days: 1 }, owner);
    expect(await opens('gd-granted')).toEqual({ granted: true, reason: 'article' });
    await keptIsExact('gd-granted');
    const ent = await h
      .db('entitlements')
      .join('users', 'users.id', 'entitlements.user_id')
      .where('users.openid', 'gd-granted')
      .first('entitlements.id');
    await h.ok('admin', 'grant.revoke', { entitlementId: Number(ent.id) }, owner);
    expect(await opens('gd-granted')).toEqual({ granted: false, reason: 'preview' });
    await keptIsExact('gd-granted');
  });

  it('stops holding when a grant ends; the first open after that answers exactly and recomputes it', async () => {
    const owner = { bearer: await adminToken(h, 'gd-boss3', 'owner') };
    await h.ok('admin', 'grant.create', { openid: 'gd-expiring', itemType: 'article', itemId: paid, days: 1 }, owner);
    const before = await digestOf('gd-expiring');
    expect(before.grants_valid_until).not.toBeNull();
    h.clock.advanceSec(86400 + 60);
    try {
      const loaded = await loadArticleForReading(h.db, paid, 'gd-expiring', h.clock.now());
      expect(loaded).toMatchObject({ digestStale: true, bodyHtml: undefined });
      expect(await opens('gd-expiring')).toEqual({ granted: false, reason: 'preview' });
      const after = await digestOf('gd-expiring');
      expect(after.grants_digest).toBe('');
      expect(after.grants_valid_until).toBeNull();
      expect((await loadArticleForReading(h.db, paid, 'gd-expiring', h.clock.now()))?.digestStale).toBe(false);
    } finally {
      h.clock.advanceSec(-(86400 + 60));
    }
  });

  it('a learner with too many grants to keep a digest: purchases still land, opens read the entitlements, nothing recomputes on every open', async () => {
    const userId = await ensureUserId(h.db, 'gd-collector', h.clock.now());
    const many = await Promise.all(Array.from({ length: 240 }, () => insertArticle(h.db, h.clock.now(), column)));
    for (const [i, itemId] of many.entries()) {
      await inTransaction(h.db, (trx) =>
        grantEntitlement(trx, h.clock.now(), { userId, scope: 'article', itemId, source: 'grant', sourceId: `gd-many-${i}`, days: null }),
      );
    }
    const kept = await digestOf('gd-collector');
    expect(kept.grants_digest).toBeNull();
    expect(kept.grants_valid_from).not.toBeNull();
    await keptIsExact('gd-collector');
    let statements = 0;
    const count = () => (statements += 1);
    h.db.on('query', count);
    try {
      for (let i = 0; i < 2; i++) {
        const data = await h.ok('access', 'article', { articleId: many[7] }, { openid: 'gd-collector' });
        expect(data.access).toEqual({ granted: true, reason: 'article' });
        expect(data.html).toContain(PAID_SECRET);
      }
    } finally {
      h.db.off('query', count);
    }
    // Each open: the statement, the entitlements, the body, the reading allowance — no recomputation.
    expect(statements).toBeLessThanOrEqual(2 * 6);
    expect(await digestOf('gd-collector')).toEqual(kept);
  });

  (testDbClient() === 'mysql' ? it : it.skip)('concurrent grants for one learner: none is lost from the digest (MySQL)', async () => {
    const openid = 'gd-concurrent';
    const userId = await ensureUserId(h.db, openid, h.clock.now()); // the learner's row, as a first call creates it
    for (let round = 0; round < 3; round++) {
      await Promise.all(
        [paid, other].flatMap((itemId, i) =>
          ['article', 'article'].map((scope, j) =>
            inTransaction(h.db, async (trx) => {
              // Callers read before they grant (settlement reads its order), which fixes their
              // snapshot before they wait for the learner's lock.
              await trx('entitlements').where('user_id', userId).first('id');
              await grantEntitlement(trx, h.clock.now(), {
                userId,
                scope: scope as 'article',
                itemId,
                source: 'grant',
                sourceId: `gd-c-${round}-${i}-${j}`,
                days: null,
              });
            }),
          ),
        ),
      );
      await keptIsExact(openid);
    }
    expect(parseGrantsDigest(String((await digestOf(openid)).grants_digest))).toHaveLength(12);
  });
});
