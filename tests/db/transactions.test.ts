import { inTransaction, isRetryableTxError } from '../../server/db/transactions';
import { createTestDb, type TestDb } from '../support/test-db';

/** Settlement reruns a transaction InnoDB chose as a deadlock victim; anything else surfaces. */
describe('inTransaction', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.destroy());

  it('recognises deadlock and lock-wait errors (MySQL errno/code, SQLite busy) and nothing else', () => {
    expect(isRetryableTxError({ errno: 1213, code: 'ER_LOCK_DEADLOCK' })).toBe(true);
    expect(isRetryableTxError({ errno: 1205 })).toBe(true);
    expect(isRetryableTxError({ code: 'SQLITE_BUSY' })).toBe(true);
    expect(isRetryableTxError({ errno: 1062, code: 'ER_DUP_ENTRY' })).toBe(false);
    expect(isRetryableTxError(new Error('boom'))).toBe(false);
    expect(isRetryableTxError(null)).toBe(false);
  });

  it('reruns the whole transaction after a deadlock, rolling back the failed attempt', async () => {
    const now = new Date();
    let attempts = 0;
    const result = await inTransaction(t.db, async (trx) => {
      attempts++;
      await trx('settings').insert({ key: `attempt-${attempts}`, value_json: '{}', updated_at: now });
      if (attempts === 1)
        throw Object.assign(new Error('Deadlock found when trying to get lock'), { errno: 1213, code: 'ER_LOCK_DEADLOCK' });
      return 'done';
    });
    expect(result).toBe('done');
    expect(attempts).toBe(2);
    expect((await t.db('settings').whereIn('key', ['attempt-1', 'attempt-2'])).map((r: any) => r.key)).toEqual(['attempt-2']);
  });

  it('gives up after the attempt limit and does not retry other errors', async () => {
    let attempts = 0;
    await expect(
      inTransaction(
        t.db,
        async () => {
          attempts++;
          throw Object.assign(new Error('deadlock'), { errno: 1213 });
        },
        3,
      ),
    ).rejects.toMatchObject({ errno: 1213 });
    expect(attempts).toBe(3);
    attempts = 0;
    await expect(
      inTransaction(t.db, async () => {
        attempts++;
        throw new Error('not retryable');
      }),
    ).rejects.toThrow('not retryable');
    expect(attempts).toBe(1);
  });
});
