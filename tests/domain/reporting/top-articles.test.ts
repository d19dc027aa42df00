import { topArticlesSince } from '../../../server/domain/reporting/stats.admin';
import { createTestDb, type TestDb } from '../../support/test-db';
import { insertArticle, insertColumn, insertUser } from '../../support/fixtures';

/**
 * `topArticlesSince` prunes by each article's readers ever; it must answer exactly what grouping
 * every progress row of the window answers — ties (lower id first), windows that cut across an
 * article's readers, skewed and even reading, fewer active articles than asked for.
 */
describe('top articles of a window', () => {
  let t: TestDb;
  const now = new Date('2026-06-01T02:00:00.000Z');
  const day = 86_400_000;
  let articles: number[];

  beforeAll(async () => {
    t = await createTestDb();
    const column = await insertColumn(t.db, now);
    articles = [];
    for (let i = 0; i < 40; i++) articles.push(await insertArticle(t.db, now, column, { title: `文章 ${i}`, sort: i }));
    const users: number[] = [];
    for (let i = 0; i < 60; i++) users.push(await insertUser(t.db, now, `top-${i}`));
    // A deterministic mix: a few articles read by many (long ago and lately), many read by a few, ties.
    let seed = 7;
    const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const rows: Array<Record<string, unknown>> = [];
    users.forEach((userId, u) =>
      articles.forEach((articleId, a) => {
        const popular = a < 4;
        if (!(popular ? rand() < 0.9 : rand() < 0.25)) return;
        // Popular articles were read mostly long ago: their bound is high, their window count may not be.
        const ageDays = popular && a % 2 === 0 ? 20 + Math.floor(rand() * 40) : Math.floor(rand() * 40);
        const at = new Date(now.getTime() - ageDays * day - Math.floor(rand() * day));
        rows.push({
          user_id: userId,
          article_id: articleId,
          percent: (u * 7 + a) % 101,
          position_sec: 0,
          duration_sec: 0,
          completed: (u * 7 + a) % 101 >= 90,
          completed_at: null,
          last_report_at: at,
          created_at: at,
        });
      }),
    );
    await t.db.batchInsert('reading_progress', rows, 100);
    // The per-article summary, as progress.report keeps it.
    await t.db.raw(
      `INSERT INTO article_reading_stats (article_id, readers, completed)
       SELECT article_id, COUNT(*), SUM(CASE WHEN completed THEN 1 ELSE 0 END) FROM reading_progress GROUP BY article_id`,
    );
  });
  afterAll(() => t.destroy());

  const byGrouping = async (since: Date, k: number) => {
    const rows: Array<Record<string, unknown>> = await t
      .db('reading_progress as p')
      .join('articles as a', 'a.id', 'p.article_id')
      .where('p.last_report_at', '>=', since)
      .groupBy('p.article_id', 'a.title')
      .select('p.article_id', 'a.title')
      .count('* as readers')
      .sum({ completed: t.db.raw('CASE WHEN p.completed THEN 1 ELSE 0 END') })
      .orderBy([{ column: 'readers', order: 'desc' }, { column: 'p.article_id' }])
      .limit(k);
    return rows.map((r) => ({
      articleId: Number(r.article_id),
      title: String(r.title),
      readers: Number(r.readers),
      completed: Number(r.completed),
    }));
  };

  it.each([
    [1, 3],
    [7, 3],
    [7, 10],
    [30, 10],
    [30, 1],
    [90, 10],
    [90, 50],
  ])('last %i days, top %i: the same as grouping every row', async (days, k) => {
    const since = new Date(now.getTime() - days * day);
    const expected = await byGrouping(since, k);
    expect(expected.length).toBeGreaterThan(0);
    expect(await topArticlesSince(t.db, since, k)).toEqual(expected);
  });

  it('an empty window has no top articles', async () => {
    expect(await topArticlesSince(t.db, new Date(now.getTime() + day), 10)).toEqual([]);
  });
});
