import { useHarness } from '../support/harness';
import { grant, insertArticle, insertColumn, insertUser, PAID_SECRET } from '../support/fixtures';

/**
 * The catalog as learners see it: only released content, cards without bodies or media,
 * `locked` and `owned` decided per caller.
 */
describe('catalog function', () => {
  const h = useHarness();
  let now: Date;
  let listed: number;
  let memberCol: number;
  let draftCol: number;
  let archivedCol: number;
  let paid: number;
  let free: number;
  let scheduled: number;
  let draftArticle: number;

  beforeAll(async () => {
    now = h.clock.now();
    listed = await insertColumn(h.db, now, { title: '公开专栏', sort: 1 });
    memberCol = await insertColumn(h.db, now, { title: '会员专栏', sort: 2, member_included: true });
    draftCol = await insertColumn(h.db, now, { title: '草稿专栏', status: 'draft', sort: 3 });
    archivedCol = await insertColumn(h.db, now, { title: '已归档专栏', status: 'archived', sort: 4 });
    paid = await insertArticle(h.db, now, listed, { title: '付费文章', audio_file_id: 'cloud://secret-audio.mp3', audio_duration_sec: 60 });
    free = await insertArticle(h.db, now, listed, { title: '免费文章', is_free: true, sort: 1 });
    scheduled = await insertArticle(h.db, now, listed, { title: '定时文章', publish_at: new Date(now.getTime() + 86400_000) });
    draftArticle = await insertArticle(h.db, now, listed, { title: '草稿文章', status: 'draft' });
    await insertArticle(h.db, now, memberCol, { title: '会员文章' });
    await insertArticle(h.db, now, draftCol, { title: '草稿专栏里的文章' });
    await insertArticle(h.db, now, archivedCol, { title: '归档专栏里的文章' });
  });

  it('home lists only published columns and released articles, with counts of released articles', async () => {
    const data = await h.ok('catalog', 'home');
    expect(data.columns.map((c: any) => c.title)).toEqual(['公开专栏', '会员专栏']);
    expect(data.columns[0].articleCount).toBe(2);
    const titles = data.latest.map((a: any) => a.title);
    expect(titles).toEqual(expect.arrayContaining(['付费文章', '免费文章', '会员文章']));
    expect(titles).not.toEqual(expect.arrayContaining(['定时文章']));
    for (const hidden of ['定时文章', '草稿文章', '草稿专栏里的文章', '归档专栏里的文章']) expect(titles).not.toContain(hidden);
  });

  it('cards never carry a body, a preview or a media file id', async () => {
    const everything = JSON.stringify([
      await h.ok('catalog', 'home'),
      await h.ok('catalog', 'column', { columnId: listed }),
      await h.ok('catalog', 'search', { q: '文章' }),
    ]);
    expect(everything).not.toContain(PAID_SECRET);
    expect(everything).not.toContain('cloud://');
    expect(everything).not.toContain('试读部分');
    const card = (await h.ok('catalog', 'column', { columnId: listed })).chapters[0].articles.find((a: any) => a.id === paid);
    expect(card).toMatchObject({ hasAudio: true, audioDurationSec: 60, locked: true, isFree: false });
  });

  it('a scheduled article appears once its release time has come', async () => {
    const before = await h.ok('catalog', 'column', { columnId: listed });
    expect(before.chapters.flatMap((c: any) => c.articles).map((a: any) => a.id)).not.toContain(scheduled);
    const row = await h.db('articles').where({ id: scheduled }).first('publish_at');
    const saved = h.clock.now();
    h.clock.set(new Date(new Date(row.publish_at).getTime() + 1000));
    const after = await h.ok('catalog', 'column', { columnId: listed });
    expect(after.chapters.flatMap((c: any) => c.articles).map((a: any) => a.id)).toContain(scheduled);
    h.clock.set(saved);
  });

  it('locks per caller: anonymous, column buyer, member, expired membership', async () => {
    const lockedIds = (d: any) =>
      d.chapters
        .flatMap((c: any) => c.articles)
        .filter((a: any) => a.locked)
        .map((a: any) => a.id);
    const anon = await h.ok('catalog', 'column', { columnId: listed });
    expect(anon.owned).toBe(false);
    expect(lockedIds(anon)).toEqual([paid]);
    expect(lockedIds(anon)).not.toContain(free);

    const buyer = await insertUser(h.db, now, 'buyer-1');
    await grant(h.db, now, buyer, 'column', listed);
    const asBuyer = await h.ok('catalog', 'column', { columnId: listed }, { openid: 'buyer-1' });
    expect(asBuyer.owned).toBe(true);
    expect(lockedIds(asBuyer)).toEqual([]);
    expect(asBuyer.progress).toEqual({ completed: 0, total: 2, rate: 0 });

    const member = await insertUser(h.db, now, 'member-1');
    await grant(h.db, now, member, 'membership', 1, { expires_at: new Date(now.getTime() + 86400_000) });
    expect((await h.ok('catalog', 'column', { columnId: memberCol }, { openid: 'member-1' })).owned).toBe(true);
    // membership does not cover a column that is not member-included
    expect((await h.ok('catalog', 'column', { columnId: listed }, { openid: 'member-1' })).owned).toBe(false);

    const lapsed = await insertUser(h.db, now, 'lapsed-1');
    await grant(h.db, now, lapsed, 'membership', 1, { expires_at: new Date(now.getTime() - 1000) });
    expect((await h.ok('catalog', 'column', { columnId: memberCol }, { openid: 'lapsed-1' })).owned).toBe(false);
  });

  it('draft columns do not exist; archived ones only for their owners', async () => {
    await h.fails('NOT_FOUND', 'catalog', 'column', { columnId: draftCol });
    await h.fails('NOT_FOUND', 'catalog', 'column', { columnId: archivedCol });
    await h.fails('NOT_FOUND', 'catalog', 'column', { columnId: 999999 });
    const owner = await insertUser(h.db, now, 'archived-owner');
    await grant(h.db, now, owner, 'column', archivedCol);
    const data = await h.ok('catalog', 'column', { columnId: archivedCol }, { openid: 'archived-owner' });
    expect(data.owned).toBe(true);
  });

  it('pages columns with an opaque cursor', async () => {
    const first = await h.ok('catalog', 'columns', { limit: 1 });
    expect(first.items.map((c: any) => c.title)).toEqual(['公开专栏']);
    expect(typeof first.nextCursor).toBe('string');
    const second = await h.ok('catalog', 'columns', { limit: 1, cursor: first.nextCursor });
    expect(second.items.map((c: any) => c.title)).toEqual(['会员专栏']);
    expect(second.nextCursor).toBeNull();
  });

  it('search matches titles and treats % and _ literally', async () => {
    const data = await h.ok('catalog', 'search', { q: '付费' });
    expect(data.articles.map((a: any) => a.title)).toEqual(['付费文章']);
    expect((await h.ok('catalog', 'search', { q: '%' })).articles).toEqual([]);
    expect((await h.ok('catalog', 'search', { q: '_' })).columns).toEqual([]);
    expect((await h.ok('catalog', 'search', { q: '草稿' })).articles).toEqual([]);
  });

  describe('bad input', () => {
    it.each([
      ['missing id', 'column', {}],
      ['string id', 'column', { columnId: '1' }],
      ['negative id', 'column', { columnId: -1 }],
      ['fractional id', 'column', { columnId: 1.5 }],
      ['huge id', 'column', { columnId: 2 ** 40 }],
      ['extra field', 'column', { columnId: 1, openid: 'someone-else' }],
      ['limit too big', 'columns', { limit: 1000 }],
      ['limit zero', 'columns', { limit: 0 }],
      ['malformed cursor', 'columns', { cursor: 'not a cursor!' }],
      ['garbage cursor', 'columns', { cursor: 'Zm9v' }],
      ['empty search', 'search', { q: '   ' }],
      ['oversized search', 'search', { q: '长'.repeat(33) }],
      ['extra field on home', 'home', { x: 1 }],
    ])('%s → INVALID_INPUT with the field named', async (_label, action, input) => {
      const error = await h.fails('INVALID_INPUT', 'catalog', action, input as Record<string, unknown>);
      expect(Array.isArray(error.details)).toBe(true);
      expect(error.details.length).toBeGreaterThan(0);
    });

    it('unknown action → NOT_FOUND', async () => {
      const error = await h.fails('NOT_FOUND', 'catalog', 'dropTables');
      expect(error.message).toContain('dropTables');
    });

    it('a draft article id is never revealed through a column of the same id space', async () => {
      const data = JSON.stringify(await h.ok('catalog', 'column', { columnId: listed }));
      expect(data).not.toContain(`"id":${draftArticle},`);
    });
  });
});
