import {
  columnExistsFor,
  decideAccess,
  decideReading,
  ownsColumn,
  type EntitlementFacts,
  type PlacedArticleFacts,
} from '../../../server/domain/access/access.policy';
import { createHarness, type Harness } from '../../support/harness';
import { grant, insertArticle, insertColumn, insertUser, PAID_SECRET } from '../../support/fixtures';

/**
 * The access matrix: every reason a learner may read an article, in every state its
 * entitlement or content can be in. The pure half checks the decision function alone; the
 * database half goes through `access.article`, so the one-query loader, the visibility rules
 * (unpublished, scheduled, archived column) and the policy are checked together.
 */
const NOW = new Date('2026-06-01T02:00:00.000Z');
const HOUR = 3600_000;
const at = (ms: number) => new Date(NOW.getTime() + ms);

const article = { id: 10, columnId: 20, isFree: false, memberIncluded: true };
const ent = (over: Partial<EntitlementFacts>): EntitlementFacts => ({
  scope: 'article',
  itemId: 10,
  startsAt: at(-HOUR),
  expiresAt: null,
  revokedAt: null,
  ...over,
});

describe('decideAccess (pure)', () => {
  const scopes = [
    { reason: 'article', facts: { scope: 'article', itemId: 10 }, other: { scope: 'article', itemId: 11 } },
    { reason: 'column', facts: { scope: 'column', itemId: 20 }, other: { scope: 'column', itemId: 21 } },
    { reason: 'membership', facts: { scope: 'membership', itemId: 1 }, other: null },
  ] as const;

  it.each(scopes)('$reason: active grants, with that reason', ({ reason, facts }) => {
    expect(decideAccess(article, [ent(facts)], NOW)).toEqual({ granted: true, reason });
  });
  it.each(scopes)('$reason: expired does not grant', ({ facts }) => {
    expect(decideAccess(article, [ent({ ...facts, expiresAt: at(-1) })], NOW)).toEqual({ granted: false, reason: 'preview' });
    // expiry is exclusive: at the very instant of expiry access is over
    expect(decideAccess(article, [ent({ ...facts, expiresAt: NOW })], NOW).granted).toBe(false);
  });
  it.each(scopes)('$reason: revoked (refunded) does not grant', ({ facts }) => {
    expect(decideAccess(article, [ent({ ...facts, revokedAt: at(-1) })], NOW)).toEqual({ granted: false, reason: 'preview' });
  });
  it.each(scopes)('$reason: not started yet does not grant', ({ facts }) => {
    expect(decideAccess(article, [ent({ ...facts, startsAt: at(1) })], NOW).granted).toBe(false);
  });
  it.each(scopes.filter((s) => s.other))('$reason: an entitlement on another item does not grant', ({ other }) => {
    expect(decideAccess(article, [ent(other!)], NOW)).toEqual({ granted: false, reason: 'preview' });
  });
  it('membership: a column that is not member-included is not covered', () => {
    expect(decideAccess({ ...article, memberIncluded: false }, [ent({ scope: 'membership', itemId: 1 })], NOW).granted).toBe(false);
  });
  it('free: granted with no entitlements, and whatever the entitlements say', () => {
    expect(decideAccess({ ...article, isFree: true }, [], NOW)).toEqual({ granted: true, reason: 'free' });
    expect(decideAccess({ ...article, isFree: true }, [ent({ revokedAt: at(-1) })], NOW)).toEqual({ granted: true, reason: 'free' });
  });
  it('no entitlements: preview', () => {
    expect(decideAccess(article, [], NOW)).toEqual({ granted: false, reason: 'preview' });
  });
  it('the most specific active reason wins: article over column over membership', () => {
    const all = [ent({ scope: 'membership', itemId: 1 }), ent({ scope: 'column', itemId: 20 }), ent({ scope: 'article', itemId: 10 })];
    expect(decideAccess(article, all, NOW).reason).toBe('article');
    expect(decideAccess(article, all.slice(0, 2), NOW).reason).toBe('column');
  });
  it('ownsColumn: bought column or membership on a member-included column', () => {
    expect(ownsColumn({ id: 20, memberIncluded: false }, [ent({ scope: 'column', itemId: 20 })], NOW)).toBe(true);
    expect(ownsColumn({ id: 20, memberIncluded: false }, [ent({ scope: 'membership', itemId: 1 })], NOW)).toBe(false);
    expect(ownsColumn({ id: 20, memberIncluded: true }, [ent({ scope: 'membership', itemId: 1, expiresAt: at(-1) })], NOW)).toBe(false);
    expect(ownsColumn({ id: 20, memberIncluded: false }, [ent({ scope: 'article', itemId: 10 })], NOW)).toBe(false);
  });
});

describe('decideReading (pure): the reading rule', () => {
  const placed = (over: Partial<PlacedArticleFacts> = {}): PlacedArticleFacts => ({
    ...article,
    status: 'published',
    publishAt: at(-HOUR),
    columnStatus: 'published',
    ...over,
  });
  it('unreleased articles and draft columns exist for no one, owners included', () => {
    const owner = [ent({ scope: 'column', itemId: 20 })];
    for (const facts of [placed({ status: 'draft' }), placed({ publishAt: at(HOUR) }), placed({ columnStatus: 'draft' })]) {
      expect(decideReading(facts, owner, NOW)).toEqual({ exists: false });
    }
    expect(decideReading(placed({ publishAt: null }), [], NOW)).toEqual({ exists: true, granted: false, reason: 'preview' });
  });
  it('an archived column keeps its articles for those who paid for them, not even a free one for anyone else', () => {
    const archived = placed({ columnStatus: 'archived' });
    expect(decideReading(archived, [], NOW)).toEqual({ exists: false });
    expect(decideReading({ ...archived, isFree: true }, [], NOW)).toEqual({ exists: false });
    expect(decideReading(archived, [ent({ scope: 'article', itemId: 10 })], NOW)).toEqual({
      exists: true,
      granted: true,
      reason: 'article',
    });
    expect(decideReading(archived, [ent({ scope: 'column', itemId: 20 })], NOW)).toEqual({ exists: true, granted: true, reason: 'column' });
    expect(decideReading(archived, [ent({ scope: 'membership', itemId: 1 })], NOW)).toEqual({
      exists: true,
      granted: true,
      reason: 'membership',
    });
    expect(decideReading(archived, [ent({ scope: 'column', itemId: 20, revokedAt: at(-1) })], NOW)).toEqual({ exists: false });
    expect(decideReading({ ...archived, isFree: true }, [ent({ scope: 'column', itemId: 20 })], NOW)).toEqual({
      exists: true,
      granted: true,
      reason: 'free',
    });
  });
  it('columns: published for everyone, archived for owners, drafts for no one', () => {
    const column = { id: 20, memberIncluded: false };
    expect(columnExistsFor({ ...column, status: 'published' }, [], NOW)).toBe(true);
    expect(columnExistsFor({ ...column, status: 'archived' }, [], NOW)).toBe(false);
    expect(columnExistsFor({ ...column, status: 'archived' }, [ent({ scope: 'column', itemId: 20 })], NOW)).toBe(true);
    expect(columnExistsFor({ ...column, status: 'draft' }, [ent({ scope: 'column', itemId: 20 })], NOW)).toBe(false);
  });
});

type Reason = 'free' | 'article' | 'column' | 'membership' | 'preview';
type State = 'active' | 'expired' | 'revoked' | 'other column' | 'unpublished' | 'scheduled' | 'archived column';
type Outcome = Reason | 'NOT_FOUND';

/** Expected answer of access.article for each reason × state. */
const MATRIX: Record<Reason, Record<State, Outcome>> = {
  free: {
    active: 'free',
    expired: 'free',
    revoked: 'free',
    'other column': 'free',
    unpublished: 'NOT_FOUND',
    scheduled: 'NOT_FOUND',
    'archived column': 'NOT_FOUND',
  },
  article: {
    active: 'article',
    expired: 'preview',
    revoked: 'preview',
    'other column': 'preview',
    unpublished: 'NOT_FOUND',
    scheduled: 'NOT_FOUND',
    'archived column': 'article',
  },
  column: {
    active: 'column',
    expired: 'preview',
    revoked: 'preview',
    'other column': 'preview',
    unpublished: 'NOT_FOUND',
    scheduled: 'NOT_FOUND',
    'archived column': 'column',
  },
  membership: {
    active: 'membership',
    expired: 'preview',
    revoked: 'preview',
    'other column': 'preview',
    unpublished: 'NOT_FOUND',
    scheduled: 'NOT_FOUND',
    'archived column': 'membership',
  },
  preview: {
    active: 'preview',
    expired: 'preview',
    revoked: 'preview',
    'other column': 'preview',
    unpublished: 'NOT_FOUND',
    scheduled: 'NOT_FOUND',
    'archived column': 'NOT_FOUND',
  },
};

const cases = (Object.keys(MATRIX) as Reason[]).flatMap((reason) =>
  (Object.keys(MATRIX[reason]) as State[]).map((state) => ({ reason, state, expected: MATRIX[reason][state] })),
);

describe('access.article: reason × state, through the database', () => {
  let h: Harness;
  let seq = 0;
  beforeAll(async () => {
    h = await createHarness();
  }, 60000);
  afterAll(() => h.close());

  it.each(cases)('$reason × $state → $expected', async ({ reason, state, expected }) => {
    const now = h.clock.now();
    seq += 1;
    const columnId = await insertColumn(h.db, now, {
      // "other column" for membership: the column is not member-included
      member_included: !(reason === 'membership' && state === 'other column'),
      status: state === 'archived column' ? 'archived' : 'published',
    });
    const otherColumn = await insertColumn(h.db, now);
    const articleId = await insertArticle(h.db, now, columnId, {
      is_free: reason === 'free',
      status: state === 'unpublished' ? 'draft' : 'published',
      publish_at: state === 'scheduled' ? new Date(now.getTime() + HOUR) : state === 'unpublished' ? null : new Date(now.getTime() - HOUR),
      audio_file_id: 'media/matrix/secret.wav',
      audio_duration_sec: 12,
    });
    const otherArticle = await insertArticle(h.db, now, otherColumn);
    const openid = `matrix-${seq}`;
    const userId = await insertUser(h.db, now, openid);
    const timing =
      state === 'expired'
        ? { expires_at: new Date(now.getTime() - 1000) }
        : state === 'revoked'
          ? { revoked_at: new Date(now.getTime() - 1000) }
          : {};
    const scope = reason === 'free' || reason === 'preview' ? 'article' : reason;
    const elsewhere = state === 'other column' && reason !== 'membership';
    if (reason !== 'preview') {
      const itemId =
        scope === 'article' ? (elsewhere ? otherArticle : articleId) : scope === 'column' ? (elsewhere ? otherColumn : columnId) : 1;
      await grant(h.db, now, userId, scope, itemId, timing);
    }

    const res = await h.call('access', 'article', { articleId }, { openid });
    if (expected === 'NOT_FOUND') {
      expect(res).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: '文章不存在或已下架' } });
      return;
    }
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const granted = expected !== 'preview';
    expect(res.data.access).toEqual({ granted, reason: expected });
    expect(res.data.article.locked).toBe(!granted);
    expect(res.data.html.includes(PAID_SECRET)).toBe(granted);
    expect(res.data.html).toContain('试读部分');
    expect(res.data.audio !== undefined).toBe(granted);
  });
});
