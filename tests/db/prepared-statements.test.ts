import { compiledStatement, rowsOf, runCompiled } from '../../server/db/compiled-statement';
import { inTransaction } from '../../server/db/transactions';
import { createTestDb, type TestDb } from '../support/test-db';

/**
 * Hot statements run as server-side prepared statements on MySQL (issue 12): the answer must be
 * the one knex's text protocol gives — dates, numbers, NULLs, booleans, text — inside a
 * transaction too, and a prepared statement must really be prepared (counted by the server).
 */
describe('compiled statements run prepared', () => {
  let t: TestDb;
  const at = new Date('2026-05-01T03:04:05.678Z');
  beforeAll(async () => {
    t = await createTestDb();
    await t
      .db('users')
      .insert({ id: 41, openid: 'prep-41', nickname: '读者', avatar: '', created_at: at, updated_at: at, study_clock_at: null });
  });
  afterAll(() => t.destroy());

  const byId = compiledStatement<{ id: number; since: Date }>(
    'test statement',
    (db, p) =>
      db('users')
        .where('id', p.id)
        .andWhere('created_at', '>=', p.since)
        .select('id', 'openid', 'nickname', 'created_at', 'study_clock_at', db.raw('1 = 1 as yes'), db.raw('COUNT(*) OVER () as n')),
    { id: -9_001, since: new Date(-9_002) },
  );

  it('answers what the text protocol answers', async () => {
    const statement = byId(t.db, { id: 41, since: new Date(at.getTime() - 1000) });
    const prepared = rowsOf(t.db, await runCompiled(t.db, statement));
    const text = rowsOf(t.db, await t.db.raw(statement.sql, statement.bindings));
    expect(prepared).toEqual(text);
    expect(prepared).toHaveLength(1);
    expect(prepared[0].openid).toBe('prep-41');
    expect(prepared[0].study_clock_at).toBeNull();
    expect(Number(prepared[0].yes)).toBe(1);
  });

  it('binds a Date and a null the same way (no row for a later instant)', async () => {
    const statement = byId(t.db, { id: 41, since: new Date(at.getTime() + 1) });
    expect(rowsOf(t.db, await runCompiled(t.db, statement))).toEqual([]);
  });

  it('works inside a transaction', async () => {
    const rows = await inTransaction(t.db, async (trx) => rowsOf(trx, await runCompiled(trx, byId(trx, { id: 41, since: at }))));
    expect(rows.map((r) => r.openid)).toEqual(['prep-41']);
  });

  it('is prepared once per connection and executed after that (MySQL)', async () => {
    if (t.client !== 'mysql') return;
    // One connection, so the session counters below are this statement's.
    const { createDb } = await import('../../server/db/connection');
    const one = createDb({ mysqlUrl: t.url!, poolMax: 1 });
    try {
      const count = async (name: string) => {
        const [rows] = (await one.raw(`SHOW SESSION STATUS LIKE '${name}'`)) as [Array<{ Value: string }>];
        return Number(rows[0].Value);
      };
      const prepares = await count('Com_stmt_prepare');
      const executes = await count('Com_stmt_execute');
      for (let i = 0; i < 3; i++) await runCompiled(one, byId(one, { id: 41, since: at }));
      expect((await count('Com_stmt_prepare')) - prepares).toBe(1);
      expect((await count('Com_stmt_execute')) - executes).toBe(3);
      // Inside a transaction too: knex builds a transaction's client from the client's class.
      await one.transaction(async (trx) => {
        for (let i = 0; i < 2; i++) await runCompiled(trx, byId(trx, { id: 41, since: at }));
      });
      expect((await count('Com_stmt_execute')) - executes).toBe(5);
    } finally {
      await one.destroy();
    }
  });

  it('is counted and answered like any knex statement (query and query-response events)', async () => {
    const seen: string[] = [];
    const onQuery = (q: { sql: string }) => seen.push(`query:${q.sql.slice(0, 6)}`);
    const onResponse = (_r: unknown, q: { sql: string }) => seen.push(`response:${q.sql.slice(0, 6)}`);
    t.db.on('query', onQuery).on('query-response', onResponse);
    try {
      await runCompiled(t.db, byId(t.db, { id: 41, since: at }));
    } finally {
      t.db.off('query', onQuery).off('query-response', onResponse);
    }
    expect(seen).toEqual(['query:select', 'response:select']);
  });

  it('keeps the statement deadline, inside a transaction too (MySQL)', async () => {
    if (t.client !== 'mysql') return;
    const { createDb, DbQueryTimeout } = await import('../../server/db/connection');
    const strict = createDb({ mysqlUrl: t.url!, poolMax: 1, queryTimeoutMs: 300 });
    try {
      const started = Date.now();
      await expect(strict.raw('SELECT SLEEP(3)')).rejects.toBeInstanceOf(DbQueryTimeout);
      await expect(inTransaction(strict, (trx) => trx.raw('SELECT SLEEP(3)'))).rejects.toBeInstanceOf(DbQueryTimeout);
      expect(Date.now() - started).toBeLessThan(2500);
      // The pool let go of the destroyed connections and serves again.
      expect(rowsOf(strict, await runCompiled(strict, byId(strict, { id: 41, since: at }))).map((r) => r.openid)).toEqual(['prep-41']);
    } finally {
      await strict.destroy();
    }
  });
});
