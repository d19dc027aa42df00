import { createHarness, type Harness } from '../../support/harness';
import { adminToken, tableCounts } from './admin-support';

/** The CMS content workflow: drafts, the markdown pipeline, publishing, ordering, and the audit trail. */
describe('admin content actions', () => {
  let h: Harness;
  let as: { bearer: string };
  let adminId: number;

  beforeAll(async () => {
    h = await createHarness();
    as = { bearer: await adminToken(h, 'editor1', 'editor') };
    adminId = Number((await h.db('admins').where({ username: 'editor1' }).first('id')).id);
  });
  afterAll(() => h.close());

  const newColumn = async (title = '写作课') =>
    h.ok('admin', 'column.create', { title, subtitle: '从零开始', intro: '简介', priceFen: 9900, memberIncluded: true }, as);

  it('search takes % and _ literally, on every database (column and article titles)', async () => {
    const col = await newColumn('打折 50% 专栏');
    await newColumn('打折 500 专栏');
    await h.ok(
      'admin',
      'article.create',
      { columnId: col.id, chapterId: null, title: 'snake_case 命名', bodyMd: '正文', isFree: true, priceFen: null },
      as,
    );
    await h.ok(
      'admin',
      'article.create',
      { columnId: col.id, chapterId: null, title: 'snakeXcase 命名', bodyMd: '正文', isFree: true, priceFen: null },
      as,
    );
    const columns = await h.ok('admin', 'column.list', { q: '50%' }, as);
    expect(columns.items.map((c: any) => c.title)).toEqual(['打折 50% 专栏']);
    const articles = await h.ok('admin', 'article.list', { q: 'snake_case' }, as);
    expect(articles.items.map((a: any) => a.title)).toEqual(['snake_case 命名']);
  });

  it('a new column is a draft learners cannot see until it is published', async () => {
    const col = await newColumn('草稿到上架');
    expect(col).toMatchObject({ status: 'draft', priceFen: 9900, memberIncluded: true, publishedAt: null });
    const chapter = await h.ok('admin', 'chapter.create', { columnId: col.id, title: '第一章' }, as);
    const art = await h.ok(
      'admin',
      'article.create',
      {
        columnId: col.id,
        chapterId: chapter.id,
        title: '开篇',
        bodyMd: '# 开篇\n\n免费的开头\n\n<!-- more -->\n\n付费正文',
        isFree: false,
        priceFen: 990,
      },
      as,
    );
    expect(art.status).toBe('draft');

    await h.fails('NOT_FOUND', 'catalog', 'column', { columnId: col.id });
    await h.ok('admin', 'column.publish', { id: col.id }, as);
    let seen = await h.ok('catalog', 'column', { columnId: col.id });
    expect(seen.chapters.flatMap((c: any) => c.articles)).toHaveLength(0); // article still a draft

    await h.ok('admin', 'article.publish', { id: art.id }, as);
    seen = await h.ok('catalog', 'column', { columnId: col.id });
    expect(seen.chapters[0].articles.map((a: any) => [a.title, a.locked])).toEqual([['开篇', true]]);

    await h.ok('admin', 'article.unpublish', { id: art.id }, as);
    seen = await h.ok('catalog', 'column', { columnId: col.id });
    expect(seen.chapters.flatMap((c: any) => c.articles)).toHaveLength(0);
  });

  it('a future publishAt schedules the release', async () => {
    const col = await newColumn('定时发布');
    await h.ok('admin', 'column.publish', { id: col.id }, as);
    const art = await h.ok(
      'admin',
      'article.create',
      { columnId: col.id, chapterId: null, title: '明天见', bodyMd: '正文', isFree: true, priceFen: null },
      as,
    );
    const at = new Date(h.clock.now().getTime() + 86400_000).toISOString();
    const published = await h.ok('admin', 'article.publish', { id: art.id, publishAt: at }, as);
    expect(published.publishAt).toBe(at);
    const ids = async () =>
      (await h.ok('catalog', 'column', { columnId: col.id })).chapters.flatMap((c: any) => c.articles).map((a: any) => a.id);
    expect(await ids()).toEqual([]);
    const saved = h.clock.now();
    h.clock.advance(86400_000 + 1000);
    expect(await ids()).toEqual([art.id]);
    h.clock.set(saved);
  });

  it('a publishAt in the past is refused in Chinese and changes nothing (it would publish at once)', async () => {
    const col = await newColumn('过去的时间');
    const art = await h.ok(
      'admin',
      'article.create',
      { columnId: col.id, chapterId: null, title: '昨天', bodyMd: '正文', isFree: true, priceFen: null },
      as,
    );
    const past = new Date(h.clock.now().getTime() - 3600_000).toISOString();
    const res = await h.fails('INVALID_INPUT', 'admin', 'article.publish', { id: art.id, publishAt: past }, as);
    expect(res.message).toContain('定时发布时间已经过去');
    expect(res.details).toEqual([{ field: 'publishAt', message: expect.stringContaining('将来的时间') }]);
    expect((await h.ok('admin', 'article.get', { id: art.id }, as)).status).toBe('draft');
  });

  it('covers: uploaded images, https and the demo /static/ covers pass; other strings are refused with a field message', async () => {
    for (const cover of ['/static/covers/writing.svg', 'https://example.com/c.png', 'media/uploads/2026-12/c.png', '']) {
      const col = await h.ok('admin', 'column.create', { title: `封面 ${cover}`, priceFen: 0, memberIncluded: false, cover }, as);
      expect(col.cover).toBe(cover);
    }
    for (const cover of ['javascript:alert(1)', '/static/../secret.png', 'media/demo/x.png', 'ftp://x/y.png']) {
      const res = await h.fails(
        'INVALID_INPUT',
        'admin',
        'column.create',
        { title: '坏封面', priceFen: 0, memberIncluded: false, cover },
        as,
      );
      expect(res.details?.[0]).toMatchObject({ field: 'cover', message: expect.stringContaining('封面需为') });
    }
    const uploaded = await h.ok(
      'admin',
      'column.create',
      { title: '上传封面', priceFen: 0, memberIncluded: false, cover: 'media/uploads/2026-12/c.png' },
      as,
    );
    const tree = await h.ok('admin', 'column.get', { id: uploaded.id }, as);
    expect(tree.column.coverUrl).toMatch(/\/media\/uploads\/2026-12\/c\.png\?exp=/);
  });

  it('content search finds the text in the title, the summary or the body', async () => {
    const col = await newColumn('搜索专栏');
    await h.ok(
      'admin',
      'article.create',
      { columnId: col.id, chapterId: null, title: '甲', bodyMd: '正文里有 独角兽 三个字', isFree: true, priceFen: null },
      as,
    );
    await h.ok(
      'admin',
      'article.create',
      { columnId: col.id, chapterId: null, title: '乙', summary: '摘要说独角兽', bodyMd: '别的', isFree: true, priceFen: null },
      as,
    );
    await h.ok(
      'admin',
      'article.create',
      { columnId: col.id, chapterId: null, title: '丙', bodyMd: '无关', isFree: true, priceFen: null },
      as,
    );
    const found = await h.ok('admin', 'article.list', { q: '独角兽' }, as);
    expect(found.items.map((a: any) => a.title).sort()).toEqual(['乙', '甲']);
  });

  it('article.preview signs the images for the editor; article.get gives the audio a playable link', async () => {
    const preview = await h.ok('admin', 'article.preview', { bodyMd: '![图](media/uploads/2026-12/p.png)' }, as);
    expect(preview.html).toMatch(/src="http[^"]*\/media\/uploads\/2026-12\/p\.png\?exp=/);
    const col = await newColumn('试听');
    const art = await h.ok(
      'admin',
      'article.create',
      {
        columnId: col.id,
        chapterId: null,
        title: '有音频',
        bodyMd: '正文',
        isFree: true,
        priceFen: null,
        audio: { fileId: 'media/uploads/2026-12/a.mp3', durationSec: 5, name: '第一课.mp3' },
      },
      as,
    );
    const got = await h.ok('admin', 'article.get', { id: art.id }, as);
    expect(got.audio).toMatchObject({
      fileId: 'media/uploads/2026-12/a.mp3',
      durationSec: 5,
      name: '第一课.mp3',
      url: expect.stringMatching(/a\.mp3\?exp=/),
    });
  });

  it('saves markdown as sanitized html and cuts the preview at <!-- more -->', async () => {
    const col = await newColumn();
    const bodyMd = [
      '# 标题',
      '',
      '开头 <script>alert(1)</script> <img src="x" onerror="alert(2)"> [点我](javascript:alert(3))',
      '',
      '<!-- more -->',
      '',
      '付费部分 <iframe src="https://evil.example"></iframe><a href="https://ok.example" onclick="x()">链接</a>',
    ].join('\n');
    const art = await h.ok(
      'admin',
      'article.create',
      { columnId: col.id, chapterId: null, title: 'XSS', bodyMd, isFree: false, priceFen: 100 },
      as,
    );
    const stored = await h.db('articles').where({ id: art.id }).first();
    for (const html of [stored.body_html, stored.preview_html, art.html, art.previewHtml]) {
      expect(html).not.toMatch(/<script|onerror|onclick|href="javascript:|<iframe/i);
    }
    expect(stored.body_md).toBe(bodyMd); // the creator's source is kept as written
    expect(stored.preview_html).toContain('开头');
    expect(stored.preview_html).not.toContain('付费部分');
    expect(stored.body_html).toContain('付费部分');
    expect(stored.body_html).toContain('href="https://ok.example"');

    const updated = await h.ok(
      'admin',
      'article.update',
      { id: art.id, bodyMd: '新的开头\n\n<!-- more -->\n\n<svg onload="x()">新的付费</svg>' },
      as,
    );
    expect(updated.previewHtml).toContain('新的开头');
    expect(updated.html).not.toMatch(/onload|<svg/);
  });

  it('without a marker the preview is the first share of the blocks, and article.preview renders without saving', async () => {
    const bodyMd = Array.from({ length: 10 }, (_, i) => `第 ${i + 1} 段。`).join('\n\n');
    const before = await tableCounts(h, ['articles', 'audit_log']);
    const preview = await h.ok('admin', 'article.preview', { bodyMd, previewRatio: 30 }, as);
    expect(preview.hasMarker).toBe(false);
    expect(preview.previewHtml).toContain('第 1 段');
    expect(preview.previewHtml).not.toContain('第 10 段');
    expect(await tableCounts(h, ['articles', 'audit_log'])).toEqual(before);
  });

  it('every write leaves an audit row with who, what, before and after', async () => {
    const col = await newColumn('审计专栏');
    await h.ok('admin', 'column.update', { id: col.id, title: '审计专栏（新）' }, as);
    const rows = await h
      .db('audit_log')
      .where({ target_type: 'column', target_id: String(col.id) })
      .orderBy('id');
    expect(rows.map((r) => r.action)).toEqual(['column.create', 'column.update']);
    expect(rows.every((r) => Number(r.admin_id) === adminId)).toBe(true);
    const update = rows[1];
    expect(JSON.parse(update.before_json).title).toBe('审计专栏');
    expect(JSON.parse(update.after_json).title).toBe('审计专栏（新）');
  });

  it('saving a form with nothing changed writes nothing: no audit row, the same updatedAt', async () => {
    const col = await newColumn('原样保存');
    const chapter = await h.ok('admin', 'chapter.create', { columnId: col.id, title: '第一章' }, as);
    const audio = { fileId: 'media/uploads/a.mp3', durationSec: 61, name: '第一课.mp3' };
    // What the CMS's forms send: every field, as loaded (ArticleEditor's payload(), ColumnForm's body).
    const articleForm = {
      columnId: col.id,
      chapterId: chapter.id,
      title: '原样',
      summary: '摘要',
      bodyMd: '# 原样\n\n开头\n\n<!-- more -->\n\n付费',
      isFree: false,
      priceFen: 990,
      previewRatio: 30,
      audio,
      video: null,
    };
    const art = await h.ok('admin', 'article.create', articleForm, as);
    const columnForm = {
      title: col.title,
      subtitle: col.subtitle,
      intro: col.intro,
      cover: col.cover,
      priceFen: 9900,
      memberIncluded: true,
    };
    const before = await tableCounts(h, ['audit_log']);
    const stamps = async () => ({
      article: (await h.db('articles').where({ id: art.id }).first('updated_at')).updated_at,
      column: (await h.db('columns').where({ id: col.id }).first('updated_at')).updated_at,
      chapter: (await h.db('chapters').where({ id: chapter.id }).first('updated_at')).updated_at,
    });
    const stamped = await stamps();

    const sameArticle = await h.ok('admin', 'article.update', { id: art.id, ...articleForm }, as);
    const sameColumn = await h.ok('admin', 'column.update', { id: col.id, ...columnForm }, as);
    const sameChapter = await h.ok('admin', 'chapter.update', { id: chapter.id, title: '第一章' }, as);
    expect(await tableCounts(h, ['audit_log'])).toEqual(before);
    expect(await stamps()).toEqual(stamped);
    // The answer is still the record, as after any save.
    expect(sameArticle).toMatchObject({ id: art.id, title: '原样', priceFen: 990, audio: { fileId: audio.fileId, name: audio.name } });
    expect(sameArticle.virtualGoodsNotice).toBeUndefined();
    expect(sameColumn).toMatchObject({ id: col.id, title: '原样保存', priceFen: 9900 });
    expect(sameChapter).toMatchObject({ id: chapter.id, title: '第一章' });

    // One field changed: one write, one audit row.
    await h.ok('admin', 'article.update', { id: art.id, ...articleForm, summary: '新摘要' }, as);
    expect(await h.db('audit_log').where({ action: 'article.update', target_id: String(art.id) })).toHaveLength(1);
  });

  it('drag-to-sort: chapters reorder, and articles move between chapters of the same column', async () => {
    const col = await newColumn('排序');
    const c1 = await h.ok('admin', 'chapter.create', { columnId: col.id, title: '一' }, as);
    const c2 = await h.ok('admin', 'chapter.create', { columnId: col.id, title: '二' }, as);
    await h.ok('admin', 'chapter.reorder', { columnId: col.id, ids: [c2.id, c1.id] }, as);
    const mk = (title: string, chapterId: number) =>
      h.ok('admin', 'article.create', { columnId: col.id, chapterId, title, bodyMd: title, isFree: true, priceFen: null }, as);
    const a = await mk('A', c1.id);
    const b = await mk('B', c1.id);
    const c = await mk('C', c2.id);
    await h.ok('admin', 'article.reorder', { columnId: col.id, chapterId: c2.id, ids: [b.id, c.id] }, as);
    const tree = await h.ok('admin', 'column.get', { id: col.id }, as);
    expect(tree.chapters.map((ch: any) => [ch.title, ch.articles.map((x: any) => x.title)])).toEqual([
      ['二', ['B', 'C']],
      ['一', ['A']],
    ]);
    // A stale list (missing C, which is in chapter 二) is refused, nothing moves.
    await h.fails('CONFLICT', 'admin', 'article.reorder', { columnId: col.id, chapterId: c2.id, ids: [b.id] }, as);
    await h.fails('CONFLICT', 'admin', 'chapter.reorder', { columnId: col.id, ids: [c1.id] }, as);
    const other = await newColumn('别的专栏');
    const foreign = await h.ok(
      'admin',
      'article.create',
      { columnId: other.id, chapterId: null, title: 'X', bodyMd: 'x', isFree: true, priceFen: null },
      as,
    );
    await h.fails('INVALID_INPUT', 'admin', 'article.reorder', { columnId: col.id, chapterId: c1.id, ids: [a.id, foreign.id] }, as);
    expect((await h.ok('admin', 'column.get', { id: col.id }, as)).chapters[1].articles.map((x: any) => x.title)).toEqual(['A']);
  });

  it('bad input is INVALID_INPUT and writes nothing', async () => {
    const col = await newColumn('坏输入');
    const other = await newColumn('别人的');
    const otherChapter = await h.ok('admin', 'chapter.create', { columnId: other.id, title: '别人的章节' }, as);
    const before = await tableCounts(h, ['columns', 'chapters', 'articles', 'audit_log']);
    const base = { columnId: col.id, chapterId: null, title: '标题', bodyMd: '正文', isFree: false, priceFen: 100 };
    const cases: Array<[string, Record<string, unknown>]> = [
      ['column.create', {}],
      ['column.create', { title: '', priceFen: 1, memberIncluded: false }],
      ['column.create', { title: 'x', priceFen: -1, memberIncluded: false }],
      ['column.create', { title: 'x', priceFen: 1.5, memberIncluded: false }],
      ['column.create', { title: 'x'.repeat(129), priceFen: 1, memberIncluded: false }],
      ['column.create', { title: 'x', priceFen: 1, memberIncluded: 'yes' }],
      ['column.create', { title: 'x', priceFen: 1, memberIncluded: false, status: 'published' }],
      ['article.create', { ...base, title: undefined }],
      ['article.create', { ...base, bodyMd: 'x'.repeat(200_001) }],
      ['article.create', { ...base, chapterId: otherChapter.id }],
      ['article.create', { ...base, previewRatio: 101 }],
      ['article.create', { ...base, publishAt: 'tomorrow' }],
      ['article.create', { ...base, audio: { fileId: '', durationSec: 10 } }],
      ['article.update', { title: '没有 id' }],
      ['chapter.create', { columnId: 'one', title: 'x' }],
      ['column.reorder', { ids: ['a'] }],
      ['grant.create', { openid: 'bad openid!', itemType: 'column', itemId: col.id }],
    ];
    for (const [name, input] of cases) {
      const res = await h.call('admin', name, input, as);
      expect([name, JSON.stringify(input).slice(0, 60), res.ok ? 'OK' : res.error.code]).toEqual([
        name,
        JSON.stringify(input).slice(0, 60),
        name === 'grant.create' ? 'FORBIDDEN' : 'INVALID_INPUT',
      ]);
    }
    expect(await tableCounts(h, ['columns', 'chapters', 'articles', 'audit_log'])).toEqual(before);
  });

  it('refuses to delete what learners hold: non-empty columns and chapters, sold articles', async () => {
    const col = await newColumn('删除');
    const ch = await h.ok('admin', 'chapter.create', { columnId: col.id, title: '章' }, as);
    const art = await h.ok(
      'admin',
      'article.create',
      { columnId: col.id, chapterId: ch.id, title: '卖出的', bodyMd: 'x', isFree: false, priceFen: 100 },
      as,
    );
    await h.fails('CONFLICT', 'admin', 'column.delete', { id: col.id }, as);
    await h.fails('CONFLICT', 'admin', 'chapter.delete', { id: ch.id }, as);
    const now = h.clock.now();
    const [userId] = await h.db('users').insert({ openid: 'buyer-del', nickname: '', avatar: '', created_at: now, updated_at: now });
    await h
      .db('entitlements')
      .insert({ user_id: userId, scope: 'article', item_id: art.id, source: 'grant', source_id: 'del-1', starts_at: now, created_at: now });
    await h.fails('CONFLICT', 'admin', 'article.delete', { id: art.id }, as);
    expect(await h.db('articles').where({ id: art.id }).first()).toBeTruthy();

    const empty = await newColumn('空专栏');
    const emptyChapter = await h.ok('admin', 'chapter.create', { columnId: empty.id, title: '空章' }, as);
    await h.ok('admin', 'chapter.delete', { id: emptyChapter.id }, as);
    await h.ok('admin', 'column.delete', { id: empty.id }, as);
    await h.fails('NOT_FOUND', 'admin', 'column.get', { id: empty.id }, as);
    expect(await h.db('audit_log').where({ action: 'column.delete', target_id: String(empty.id) })).toHaveLength(1);
  });

  it('plans: create, update, archive; a sold plan cannot be deleted', async () => {
    // Prices of memberships are the owner's: an editor may not touch them.
    await h.fails('FORBIDDEN', 'admin', 'plan.create', { name: '编辑的方案', durationDays: 30, priceFen: 1 }, as);
    const owner = { bearer: await adminToken(h, 'plan-owner', 'owner') };
    const plan = await h.ok('admin', 'plan.create', { name: '年度会员', durationDays: 365, priceFen: 19900 }, owner);
    expect(plan).toMatchObject({ status: 'active', priceFen: 19900 });
    expect((await h.ok('admin', 'plan.update', { id: plan.id, status: 'archived' }, owner)).status).toBe('archived');
    await h.fails('INVALID_INPUT', 'admin', 'plan.create', { name: '零天', durationDays: 0, priceFen: 1 }, owner);
    const now = h.clock.now();
    const [userId] = await h.db('users').insert({ openid: 'member-plan', nickname: '', avatar: '', created_at: now, updated_at: now });
    await h.db('entitlements').insert({
      user_id: userId,
      scope: 'membership',
      item_id: plan.id,
      source: 'grant',
      source_id: 'plan-1',
      starts_at: now,
      created_at: now,
    });
    await h.fails('CONFLICT', 'admin', 'plan.delete', { id: plan.id }, owner);
    const spare = await h.ok('admin', 'plan.create', { name: '月度会员', durationDays: 30, priceFen: 2900 }, owner);
    await h.ok('admin', 'plan.delete', { id: spare.id }, owner);
    expect((await h.ok('admin', 'plan.list', {}, owner)).items.map((p: any) => p.name)).toEqual(['年度会员']);
  });
});
