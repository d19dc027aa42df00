import type { Knex } from 'knex';
import { columnFunnel, userProgress } from '../../../server/domain/reporting/progress.admin';
import { createHarness, type Harness } from '../../support/harness';
import { grant, insertArticle, insertChapter, insertColumn, insertUser } from '../../support/fixtures';

/** The admin CMS's progress views: a column's completion funnel and one user's progress list. */
describe('progress admin queries', () => {
  let h: Harness;
  let col: number;
  let a1: number;
  let a2: number;
  let a3: number;
  let users: number[];

  beforeAll(async () => {
    h = await createHarness();
    const now = h.clock.now();
    col = await insertColumn(h.db, now);
    const ch = await insertChapter(h.db, now, col);
    a1 = await insertArticle(h.db, now, col, { title: '第一篇', chapter_id: ch, sort: 0 });
    a2 = await insertArticle(h.db, now, col, { title: '第二篇', chapter_id: ch, sort: 1 });
    a3 = await insertArticle(h.db, now, col, { title: '草稿篇', status: 'draft', sort: 2 });
    const other = await insertColumn(h.db, now);
    const elsewhere = await insertArticle(h.db, now, other, { is_free: true });
    users = [];
    for (let i = 0; i < 3; i++) {
      const id = await insertUser(h.db, now, `admin-view-${i}`);
      await grant(h.db, now, id, 'column', col);
      users.push(id);
    }
    // Through the real function, so the rows are what reports write.
    const as = (i: number) => ({ openid: `admin-view-${i}` });
    const step = () => h.clock.advanceSec(15);
    await h.ok('progress', 'report', { articleId: a1, percent: 100 }, as(0));
    step();
    await h.ok('progress', 'report', { articleId: a2, percent: 30 }, as(0));
    step();
    await h.ok('progress', 'report', { articleId: elsewhere, percent: 100 }, as(0));
    await h.ok('progress', 'report', { articleId: a1, percent: 95 }, as(1));
    await h.ok('progress', 'report', { articleId: a1, percent: 20 }, as(2));
  });
  afterAll(() => h.close());

  it('funnel: readers and completions per article, in reading order, drafts included', async () => {
    expect(await columnFunnel(h.db, col)).toEqual([
      { articleId: a1, title: '第一篇', chapterId: expect.any(Number), status: 'published', readers: 3, completed: 2 },
      { articleId: a2, title: '第二篇', chapterId: expect.any(Number), status: 'published', readers: 1, completed: 0 },
      { articleId: a3, title: '草稿篇', chapterId: null, status: 'draft', readers: 0, completed: 0 },
    ]);
    expect(await columnFunnel(h.db, 999999)).toEqual([]);
  });

  it('per-user list: newest first, keyset-paged, with the study total', async () => {
    const first = await userProgress(h, users[0], { limit: 2 });
    expect(first.items.map((i) => i.percent)).toEqual([100, 30]);
    expect(first.items[1]).toMatchObject({ articleId: a2, columnId: col, completed: false, completedAt: null });
    expect(first.totalSec).toBe(30);
    expect(first.nextCursor).not.toBeNull();
    const second = await userProgress(h, users[0], { limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((i) => i.articleId)).toEqual([a1]);
    expect(second.items[0].completedAt).not.toBeNull();
    expect(second.nextCursor).toBeNull();
    await expect(userProgress(h, users[0], { limit: 2, cursor: 'bm9wZQ' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('both are served by indexes, not table scans', async () => {
    if (h.client !== 'sqlite') {
      // MySQL's plan depends on table statistics; bench/progress.ts prints its EXPLAIN at 1M rows.
      const plan = await h.db.raw('EXPLAIN SELECT article_id, completed FROM reading_progress WHERE article_id = 1');
      expect(JSON.stringify(plan[0])).toMatch(/reading_progress_article_id_completed_index|PRIMARY/);
      return;
    }
    const plan = async (q: Knex.QueryBuilder) => {
      const { sql, bindings } = q.toSQL();
      const rows: Array<{ detail: string }> = await h.db.raw(`EXPLAIN QUERY PLAN ${sql}`, bindings);
      return rows.map((r) => r.detail).join('\n');
    };
    const funnelPlan = await plan(
      h
        .db('reading_progress as rp')
        .join('articles as fa', 'fa.id', 'rp.article_id')
        .where('fa.column_id', col)
        .groupBy('rp.article_id')
        .select('rp.article_id', h.db.raw('COUNT(*)')),
    );
    expect(funnelPlan).toMatch(/reading_progress_article_id_completed_index/);
    const listPlan = await plan(
      h.db('reading_progress as rp').where('rp.user_id', users[0]).orderBy('rp.last_report_at', 'desc').limit(20),
    );
    expect(listPlan).toMatch(/reading_progress_user_id_last_report_at_index/);
    expect(listPlan).not.toMatch(/TEMP B-TREE/);
  });
});
