import { createHarness, type Harness } from '../../support/harness';
import { grant, insertArticle, insertColumn, insertUser } from '../../support/fixtures';
import { testDbClient } from '../../support/test-db';
import { decideReading, type ColumnStatus, type EntitlementFacts } from '../../../server/domain/access/access.policy';
import { placedFactsOf, readableArticlesQuery } from '../../../server/domain/access/reading';
import { toDate } from '../../../server/db/values';

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
