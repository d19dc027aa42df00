import { migrateLatest, migrateRollback, migrationStatus } from '../../server/db/migrations';
import { createTestDb, type TestDb } from '../support/test-db';

const TABLES = [
  'users',
  'admins',
  'audit_log',
  'settings',
  'columns',
  'chapters',
  'articles',
  'membership_plans',
  'orders',
  'entitlements',
  'payment_events',
  'refunds',
  'redeem_batches',
  'redeem_codes',
  'reading_progress',
  'learning_daily',
  'article_reading_stats',
  'column_outlines',
  'comments',
  'likes',
  'favorites',
  'notes',
  'quizzes',
  'quiz_submissions',
  'quiz_results',
  'certificates',
  'notice_grants',
  'notice_deliveries',
  'message_outbox',
];

describe('migrations', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.destroy());

  it('create every table of the data model', async () => {
    for (const table of TABLES) expect(await t.db.schema.hasTable(table)).toBe(true);
    expect((await migrationStatus(t.db)).pending).toEqual([]);
  });

  it('roll back completely and apply again', async () => {
    const reverted = await migrateRollback(t.db, true);
    expect(reverted.length).toBeGreaterThan(0);
    for (const table of TABLES) expect(await t.db.schema.hasTable(table)).toBe(false);
    expect((await migrationStatus(t.db)).done).toEqual([]);
    await migrateLatest(t.db);
    for (const table of TABLES) expect(await t.db.schema.hasTable(table)).toBe(true);
  });

  it('enforce the keys settlement and access rely on', async () => {
    // Not `.rejects.toThrow()`: better-sqlite3's native part keeps the SqliteError class of the
    // first test file that loaded it in this worker, so in later files its errors come from
    // another realm, fail `instanceof Error`, and jest reports "did not throw".
    const violates = (q: Promise<unknown>) =>
      expect(q).rejects.toHaveProperty('code', expect.stringMatching(/^(SQLITE_CONSTRAINT|ER_DUP_ENTRY)/));
    const now = new Date();
    const [userId] = await t.db('users').insert({ openid: 'o-keys', created_at: now, updated_at: now });
    const ent = { user_id: userId, scope: 'column', item_id: 1, source: 'order', source_id: 'NO1', starts_at: now, created_at: now };
    await t.db('entitlements').insert(ent);
    await violates(t.db('entitlements').insert(ent));
    await violates(t.db('users').insert({ openid: 'o-keys', created_at: now, updated_at: now }));
    const order = (no: string, pendingKey: string | null) => ({
      order_no: no,
      user_id: userId,
      item_type: 'column',
      item_id: 1,
      title: 't',
      amount_fen: 1,
      status: 'pending',
      provider: 'sandbox',
      pending_key: pendingKey,
      created_at: now,
      expires_at: now,
      updated_at: now,
    });
    await t.db('orders').insert(order('A1', `${userId}:column:1`));
    await violates(t.db('orders').insert(order('A2', `${userId}:column:1`)));
    await t.db('orders').insert(order('A3', null));
    await t.db('orders').insert(order('A4', null));
  });

  it('store times as UTC instants on both databases', async () => {
    const at = new Date('2026-03-01T23:30:00.123Z');
    await t.db('settings').insert({ key: 'tz-check', value_json: '{}', updated_at: at });
    const row = await t.db('settings').where({ key: 'tz-check' }).first();
    const { toDate } = await import('../../server/db/values');
    expect(toDate(row.updated_at)?.toISOString()).toBe(at.toISOString());
  });
});
