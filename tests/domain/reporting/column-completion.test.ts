import { recountColumnCompletion } from '../../../sql/migrations/20261201_12_005_column_completion';
import { createHarness, type Harness } from '../../support/harness';
import { testDbClient } from '../../support/test-db';
import { adminToken } from '../../functions/admin/admin-support';

/**
 * Completion per column reads what the write paths keep — the column outlines (kept by the content
 * writes) and each summary row's column and published flag (set by progress.report's first bump,
 * then by the content writes). Driven through the real functions, the kept state must equal a
 * recount from the articles after every kind of content write, and the dashboard must show what
 * joining every article with its summary row says (the previous, O(articles) query).
 */
describe('completion per column kept by the content writes', () => {
  let h: Harness;
  let as: { bearer: string };

  beforeAll(async () => {
    h = await createHarness();
    as = { bearer: await adminToken(h, 'cc-editor', 'owner') };
  });
  afterAll(() => h.close());

  /** What the write paths keep, in a comparable form (an outline of no articles is the same as none). */
  const kept = async () => ({
    outlines: (await h.db('column_outlines').where('articles', '>', 0).orderBy('column_id')).map((r) => ({
      column: Number(r.column_id),
      articles: Number(r.articles),
      first: Number(r.first_article_id),
      last: Number(r.last_article_id),
    })),
    stats: (await h.db('article_reading_stats').orderBy('article_id')).map(
      (r) => `${r.article_id}:${r.column_id}:${Number(r.published)}:${r.readers}:${r.completed}`,
    ),
  });

  /** The dashboard's numbers computed the slow way: every published article in reading order with its summary row. */
  const byJoiningEveryArticle = async () => {
    const rows = await h
      .db('columns as c')
      .leftJoin('articles as a', (j) => j.on('a.column_id', '=', 'c.id').andOnVal('a.status', 'published'))
      .leftJoin('chapters as ch', 'ch.id', 'a.chapter_id')
      .leftJoin('article_reading_stats as s', 's.article_id', 'a.id')
      .where('c.status', 'published')
      .orderBy([{ column: 'c.sort' }, { column: 'c.id' }])
      .orderByRaw('CASE WHEN ch.id IS NULL THEN 1 ELSE 0 END, ch.sort, ch.id, a.sort, a.id')
      .select('c.id as column_id', 'c.title', 'a.id as article_id', 's.readers', 's.completed');
    const out = new Map<number, any>();
    for (const r of rows) {
      const id = Number(r.column_id);
      if (!out.has(id))
        out.set(id, { columnId: id, title: r.title, articles: 0, learners: 0, finishers: 0, reads: 0, completed: 0, rate: 0 });
      const c = out.get(id);
      if (r.article_id === null) continue;
      if (c.articles === 0) c.learners = Number(r.readers ?? 0);
      c.finishers = Number(r.completed ?? 0);
      c.articles += 1;
      c.reads += Number(r.readers ?? 0);
      c.completed += Number(r.completed ?? 0);
    }
    return [...out.values()].map((c) => ({ ...c, rate: c.reads ? c.completed / c.reads : 0 }));
  };

  const dashboard = async () => (await h.ok('admin', 'stats.overview', { days: 7 }, as)).completionByColumn;

  /** The kept state equals a recount, and the dashboard equals the slow join. */
  const agrees = async () => {
    const before = await kept();
    const shown = await dashboard();
    expect(shown).toEqual(await byJoiningEveryArticle());
    await recountColumnCompletion(h.db);
    expect(before).toEqual(await kept());
    return shown;
  };

  const column = async (title: string) => {
    const col = await h.ok('admin', 'column.create', { title, priceFen: 0, memberIncluded: false }, as);
    await h.ok('admin', 'column.publish', { id: col.id }, as);
    return col.id as number;
  };
  const article = async (columnId: number, chapterId: number | null, title: string, publish = true) => {
    const art = await h.ok(
      'admin',
      'article.create',
      { columnId, chapterId, title, bodyMd: `${title} 正文`, isFree: true, priceFen: null },
      as,
    );
    if (publish) await h.ok('admin', 'article.publish', { id: art.id }, as);
    return art.id as number;
  };
  const read = async (openid: string, articleId: number, percent: number) => {
    await h.ok('progress', 'report', { articleId, percent }, { openid });
    h.clock.advanceSec(15); // a reader reports every 15 s (faster is refused)
  };

  it('after publish, reports, reorders, unpublish, moves and deletes', async () => {
    const main = await column('完读专栏');
    const other = await column('另一个专栏');
    const ch1 = (await h.ok('admin', 'chapter.create', { columnId: main, title: '第一章' }, as)).id;
    const ch2 = (await h.ok('admin', 'chapter.create', { columnId: main, title: '第二章' }, as)).id;
    const a = await article(main, ch1, 'A');
    const b = await article(main, ch1, 'B');
    const c = await article(main, ch2, 'C');
    const loose = await article(main, null, '未分章');
    const draft = await article(main, ch2, '草稿', false);
    expect(await agrees()).toContainEqual(expect.objectContaining({ columnId: main, articles: 4, learners: 0, reads: 0 }));

    // Three learners start, two reach C, one finishes the unassigned article (last in reading order).
    for (const who of ['cc-1', 'cc-2', 'cc-3']) await read(who, a, 30);
    await read('cc-1', c, 100);
    await read('cc-2', c, 40);
    await read('cc-1', loose, 100);
    await read('cc-2', b, 100);
    expect((await agrees()).find((x: any) => x.columnId === main)).toEqual({
      columnId: main,
      title: '完读专栏',
      articles: 4,
      learners: 3,
      finishers: 1,
      reads: 7,
      completed: 3,
      rate: 3 / 7,
    });

    // Chapter two first: C is now the first article, the unassigned one still the last.
    await h.ok('admin', 'chapter.reorder', { columnId: main, ids: [ch2, ch1] }, as);
    expect((await agrees()).find((x: any) => x.columnId === main)).toMatchObject({ learners: 2, finishers: 1 });
    // Chapter one becomes B, the unassigned article (dragged in), A: A is now the last, and unfinished.
    await h.ok('admin', 'article.reorder', { columnId: main, chapterId: ch1, ids: [b, loose, a] }, as);
    expect((await agrees()).find((x: any) => x.columnId === main)).toMatchObject({ articles: 4, learners: 2, finishers: 0 });
    // Unpublishing C: its reads leave the column's sums, and B leads.
    await h.ok('admin', 'article.unpublish', { id: c }, as);
    expect((await agrees()).find((x: any) => x.columnId === main)).toMatchObject({ articles: 3, learners: 1, reads: 5, completed: 2 });
    // Moving A to the other column takes its readers along.
    await h.ok('admin', 'article.update', { id: a, columnId: other, chapterId: null }, as);
    const shown = await agrees();
    expect(shown.find((x: any) => x.columnId === other)).toMatchObject({ articles: 1, learners: 3, finishers: 0, reads: 3 });
    expect(shown.find((x: any) => x.columnId === main)).toMatchObject({ articles: 2, reads: 2, completed: 2 });
    // Republishing C, deleting the draft: back in the sums, nothing else moves.
    await h.ok('admin', 'article.publish', { id: c }, as);
    await h.ok('admin', 'article.delete', { id: draft }, as);
    expect((await agrees()).find((x: any) => x.columnId === main)).toMatchObject({ articles: 3, learners: 2, reads: 4 });
    // A deleted (emptied) column leaves no outline behind.
    const empty = (await h.ok('admin', 'column.create', { title: '空专栏', priceFen: 0, memberIncluded: false }, as)).id;
    await h.ok('admin', 'article.delete', { id: await article(empty, null, '删掉', false) }, as);
    await agrees();
    await h.ok('admin', 'column.delete', { id: empty }, as);
    expect(await h.db('column_outlines').where('column_id', empty).first()).toBeUndefined();
    await agrees();
  });

  (testDbClient() === 'mysql' ? it : it.skip)('stays exact under concurrent publishes, moves and first reads (MySQL)', async () => {
    // Each round: four publishes at once in one column, a move out of it, and first reads of the moving article.
    for (let round = 0; round < 4; round++) {
      const col = await column(`并发专栏 ${round}`);
      const elsewhere = await column(`并发另一专栏 ${round}`);
      const drafts = await Promise.all(['甲', '乙', '丙', '丁'].map((t) => article(col, null, t, false)));
      const readable = await article(col, null, '已发布');
      await Promise.all([
        ...drafts.map((id) => h.ok('admin', 'article.publish', { id }, as)),
        h.ok('admin', 'article.update', { id: readable, columnId: elsewhere, chapterId: null }, as),
        ...['cc-p1', 'cc-p2', 'cc-p3'].map((who) =>
          h.ok('progress', 'report', { articleId: readable, percent: 50 }, { openid: `${who}-${round}` }),
        ),
      ]);
      const shown = await agrees();
      expect(shown.find((x: any) => x.columnId === col)).toMatchObject({ articles: 4, reads: 0 });
      expect(shown.find((x: any) => x.columnId === elsewhere)).toMatchObject({ articles: 1, learners: 3, reads: 3 });
    }
  });
});
