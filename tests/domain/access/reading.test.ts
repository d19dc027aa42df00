import { createHarness, type Harness } from '../../support/harness';
import { grant, insertArticle, insertColumn, insertUser } from '../../support/fixtures';
import { testDbClient } from '../../support/test-db';
import { decideReading, type ColumnStatus, type EntitlementFacts } from '../../../server/domain/access/access.policy';
import { placedFactsOf, readableArticlesQuery } from '../../../server/domain/access/reading';
import { toDate } from '../../../server/db/values';
import { loadArticleForReading } from '../../../server/domain/access/article-access.repo';
import { refreshGrantsDigest } from '../../../server/domain/entitlements/grants-digest';

/**
 * The reading rule is decided by the pure `decideReading`; `readableArticlesQuery` pre-filters in
 * SQL. Over every combination of article status, release time, column status and price, the SQL
 * keeps exactly the articles the policy lets someone (the column's owner) read, and drops only
 * articles the policy hides from everyone.
 */
describe(`reading rule: policy and SQL agree (${testDbClient()})`, () => {
  let h: Harness;
  let now: Date;
  const cases: Array<{ id: number; label: string }> = [];
  let owner: number;
  let stranger: number;

  beforeAll(async () => {
    h = await createHarness();
    now = h.clock.now();
    owner = await insertUser(h.db, now, 'owner');
    stranger = await insertUser(h.db, now, 'stranger');
    for (const columnStatus of ['draft', 'published', 'archived'] as ColumnStatus[]) {
      const column = await insertColumn(h.db, now, { status: columnStatus });
      await grant(h.db, now, owner, 'column', column);
      for (const status of ['draft', 'published']) {
        for (const [when, publishAt] of [
          ['unset', null],
          ['past', new Date(now.getTime() - 60_000)],
          ['future', new Date(now.getTime() + 60_000)],
        ] as const) {
          for (const isFree of [true, false]) {
            const id = await insertArticle(h.db, now, column, { status, publish_at: publishAt, is_free: isFree });
            cases.push({ id, label: `${columnStatus} column, ${status} article, release ${when}, ${isFree ? 'free' : 'paid'}` });
          }
        }
      }
    }
  });
  afterAll(() => h.close());

  const entitlementsOf = async (userId: number): Promise<EntitlementFacts[]> =>
    (await h.db('entitlements').where('user_id', userId)).map((r) => ({
      scope: r.scope,
      itemId: Number(r.item_id),
      startsAt: toDate(r.starts_at)!,
      expiresAt: toDate(r.expires_at),
      revokedAt: toDate(r.revoked_at),
    }));

  it('the SQL pre-filter keeps exactly what the policy lets the owner read', async () => {
    const ownerEnts = await entitlementsOf(owner);
    const strangerEnts = await entitlementsOf(stranger);
    const kept = new Set(
      (
        await readableArticlesQuery(h.db, now).whereIn(
          'a.id',
          cases.map((c) => c.id),
        )
      ).map((r: any) => Number(r.id)),
    );
    const all = await h
      .db('articles as a')
      .join('columns as c', 'c.id', 'a.column_id')
      .whereIn(
        'a.id',
        cases.map((c) => c.id),
      )
      .select('a.id', 'a.column_id', 'a.is_free', 'a.status', 'a.publish_at', 'c.member_included', 'c.status as column_status');
    const disagreements: string[] = [];
    for (const row of all) {
      const facts = placedFactsOf(row);
      const label = cases.find((c) => c.id === facts.id)!.label;
      const forOwner = decideReading(facts, ownerEnts, now).exists;
      const forStranger = decideReading(facts, strangerEnts, now).exists;
      if (kept.has(facts.id) !== forOwner) disagreements.push(`${label}: sql ${kept.has(facts.id)}, policy ${forOwner}`);
      if (forStranger && !forOwner) disagreements.push(`${label}: a stranger sees what the owner does not`);
      // Archived columns: only the owner; published: everyone released; drafts: no one.
      const expectStranger =
        row.column_status === 'published' && row.status === 'published' && (row.publish_at === null || toDate(row.publish_at)! <= now);
      if (forStranger !== expectStranger) disagreements.push(`${label}: stranger ${forStranger}`);
    }
    expect(disagreements).toEqual([]);
    expect(kept.size).toBeGreaterThan(0);
  });
});

/**
 * access.article reads part of the decision in SQL: which entitlements bear on the article (a
 * pre-filter: active, and on the article, its column or a membership when member-included) and
 * so which ONE body the statement ships. Over the whole matrix — column status × member-included
 * × free/paid × release, and viewers holding each scope in each state (active, expired, not yet
 * started, revoked), alone and mixed, plus a stranger, an unknown openid and nobody — the SQL's
 * answer fed to `decideReading` equals `decideReading` over ALL the viewer's entitlements, and
 * the body shipped is the one the policy allows (so the service's fallback read never runs).
 */
describe(`access.article statement: SQL and policy agree over the full matrix (${testDbClient()})`, () => {
  let h: Harness;
  let now: Date;
  const articles: Array<{ id: number; label: string }> = [];
  const viewers: Array<{ openid: string | null; label: string }> = [
    { openid: null, label: 'anonymous' },
    { openid: 'never-seen', label: 'unknown openid' },
  ];

  beforeAll(async () => {
    h = await createHarness();
    now = h.clock.now();
    const columns: number[] = [];
    for (const columnStatus of ['draft', 'published', 'archived'] as ColumnStatus[]) {
      for (const memberIncluded of [false, true]) {
        const column = await insertColumn(h.db, now, { status: columnStatus, member_included: memberIncluded });
        columns.push(column);
        for (const [when, publishAt] of [
          ['released', new Date(now.getTime() - 60_000)],
          ['scheduled', new Date(now.getTime() + 60_000)],
        ] as const) {
          for (const isFree of [true, false]) {
            const id = await insertArticle(h.db, now, column, { status: 'published', publish_at: publishAt, is_free: isFree });
            articles.push({ id, label: `${columnStatus}${memberIncluded ? ' member' : ''} column, ${when}, ${isFree ? 'free' : 'paid'}` });
          }
        }
      }
    }
    const hour = 3600_000;
    const states: Record<string, Record<string, unknown>> = {
      active: { starts_at: new Date(now.getTime() - hour), expires_at: null },
      expiring: { starts_at: new Date(now.getTime() - hour), expires_at: new Date(now.getTime() + hour) },
      expired: { starts_at: new Date(now.getTime() - 2 * hour), expires_at: new Date(now.getTime() - hour) },
      future: { starts_at: new Date(now.getTime() + hour), expires_at: null },
      revoked: { starts_at: new Date(now.getTime() - hour), expires_at: null, revoked_at: new Date(now.getTime() - 60_000) },
    };
    const holdings: Array<Array<[scope: 'article' | 'column' | 'membership', state: string]>> = [[]];
    for (const scope of ['article', 'column', 'membership'] as const)
      for (const state of Object.keys(states)) holdings.push([[scope, state]]);
    holdings.push([
      ['membership', 'expired'],
      ['article', 'active'],
    ]);
    holdings.push([
      ['column', 'revoked'],
      ['membership', 'active'],
    ]);
    holdings.push([
      ['article', 'future'],
      ['column', 'expired'],
      ['membership', 'revoked'],
    ]);
    for (const [n, holding] of holdings.entries()) {
      const openid = `viewer-${n}`;
      const userId = await insertUser(h.db, now, openid);
      for (const [scope, state] of holding) {
        if (scope === 'membership') await grant(h.db, now, userId, 'membership', 0, states[state]);
        // Twice: more than one bearing entitlement must still ship one body and one decision.
        if (scope === 'membership') await grant(h.db, now, userId, 'membership', 0, states[state]);
        if (scope === 'column') for (const c of columns) await grant(h.db, now, userId, 'column', c, states[state]);
        if (scope === 'article') for (const a of articles) await grant(h.db, now, userId, 'article', a.id, states[state]);
      }
      viewers.push({
        openid,
        label: holding.length ? holding.map(([scope, state]) => `${state} ${scope}`).join(' + ') : 'no entitlements',
      });
    }
  });
  afterAll(() => h.close());

  // The statement reads a learner's grants from their digest when it holds, and from the
  // entitlements when it does not (never computed, or now outside its span): both must agree.
  const digestModes: Array<[string, () => Promise<void>]> = [
    [
      'digest holds',
      async () => {
        for (const u of await h.db('users').select('id')) await refreshGrantsDigest(h.db, Number(u.id), now);
      },
    ],
    [
      'no digest',
      async () => void (await h.db('users').update({ grants_digest: null, grants_valid_from: null, grants_valid_until: null })),
    ],
    [
      'digest too long to keep',
      async () => {
        for (const u of await h.db('users').select('id')) await refreshGrantsDigest(h.db, Number(u.id), now);
        await h.db('users').update({ grants_digest: null });
      },
    ],
    [
      'digest span over',
      async () => {
        for (const u of await h.db('users').select('id')) await refreshGrantsDigest(h.db, Number(u.id), now);
        await h.db('users').update({ grants_valid_until: new Date(now.getTime() - 1) });
      },
    ],
    [
      'digest span not begun (a clock behind)',
      async () => {
        for (const u of await h.db('users').select('id')) await refreshGrantsDigest(h.db, Number(u.id), now);
        await h.db('users').update({ grants_valid_from: new Date(now.getTime() + 1) });
      },
    ],
  ];

  it.each(digestModes)('decides the same and ships exactly the body the policy allows (%s)', async (mode, prepare) => {
    await prepare();
    const disagreements: string[] = [];
    let granted = 0;
    let previews = 0;
    for (const viewer of viewers) {
      const user = viewer.openid === null ? undefined : await h.db('users').where('openid', viewer.openid).first('id');
      const all: EntitlementFacts[] = user
        ? (await h.db('entitlements').where('user_id', user.id)).map((r) => ({
            scope: r.scope,
            itemId: Number(r.item_id),
            startsAt: toDate(r.starts_at)!,
            expiresAt: toDate(r.expires_at),
            revokedAt: toDate(r.revoked_at),
          }))
        : [];
      for (const article of articles) {
        const row = await readableArticlesQuery(h.db, now).where('a.id', article.id).first();
        const facts = row
          ? placedFactsOf(row)
          : placedFactsOf(
              await h
                .db('articles as a')
                .join('columns as c', 'c.id', 'a.column_id')
                .where('a.id', article.id)
                .first('a.id', 'a.column_id', 'a.is_free', 'a.status', 'a.publish_at', 'c.member_included', 'c.status as column_status'),
            );
        const policy = decideReading(facts, all, now);
        const loaded = await loadArticleForReading(h.db, article.id, viewer.openid, now);
        const label = `${viewer.label} / ${article.label}`;
        if (!loaded) {
          if (policy.exists) disagreements.push(`${label}: SQL found nothing, policy says ${JSON.stringify(policy)}`);
          continue;
        }
        const fromSql = decideReading(loaded.facts, loaded.entitlements, now);
        if (loaded.viewerId !== null && loaded.digestStale !== (mode !== 'digest holds' && mode !== 'digest too long to keep'))
          disagreements.push(`${label}: digestStale ${loaded.digestStale}`);
        if (JSON.stringify(fromSql) !== JSON.stringify(policy)) {
          disagreements.push(`${label}: on the SQL's facts ${JSON.stringify(fromSql)}, on all facts ${JSON.stringify(policy)}`);
        }
        if (loaded.viewerId !== (user ? Number(user.id) : null)) disagreements.push(`${label}: viewer ${loaded.viewerId}`);
        if (!policy.exists) continue;
        const shipped = loaded.bodyHtml !== undefined ? 'body' : 'preview';
        if ((loaded.bodyHtml === undefined) === (loaded.previewHtml === undefined)) disagreements.push(`${label}: not exactly one body`);
        // Without a holding digest the SQL sees free articles only (the service fetches a granted body after).
        const expected =
          policy.granted && (mode === 'digest holds' || viewer.openid === null || policy.reason === 'free') ? 'body' : 'preview';
        if (shipped !== expected) disagreements.push(`${label}: shipped the ${shipped}, policy granted=${policy.granted}`);
        if (policy.granted) granted += 1;
        else previews += 1;
      }
    }
    expect(disagreements).toEqual([]);
    // The matrix really exercises both bodies.
    expect(granted).toBeGreaterThan(20);
    expect(previews).toBeGreaterThan(20);
  });
});
