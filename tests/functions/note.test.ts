import { useHarness } from '../support/harness';
import { grant, insertArticle, insertColumn, insertUser, PAID_SECRET } from '../support/fixtures';
import { plainTextOf } from '../../server/domain/content/plain-text';

/**
 * Highlights and notes: only on what the learner can read in full, anchored to the plain text of
 * the server's html, private to their author, exportable — and after a refund the export holds no
 * paid text beyond the learner's own quotes.
 */
describe('note function', () => {
  const h = useHarness();
  let col: number;
  let paid: number;
  let second: number;
  let free: number;
  let notBought: number;
  let draft: number;
  let plain: string;
  const me = 'note-me';
  const other = 'note-other';
  let meId: number;

  const BODY = `## 开头\n\n公开的开头。\n\n<!-- more -->\n\n${PAID_SECRET} 只有购买者能看到。\n\n第二段 & <更多> 的内容。`;

  beforeAll(async () => {
    const now = h.clock.now();
    col = await insertColumn(h.db, now, { title: '笔记专栏' });
    paid = await insertArticle(h.db, now, col, { title: '第一课', body_md: BODY, sort: 0 });
    second = await insertArticle(h.db, now, col, { title: '第二课', sort: 1 });
    free = await insertArticle(h.db, now, col, { title: '免费课', is_free: true, sort: 2 });
    const otherCol = await insertColumn(h.db, now, { title: '没买的专栏' });
    notBought = await insertArticle(h.db, now, otherCol, { title: '没买的课' });
    draft = await insertArticle(h.db, now, col, { status: 'draft' });
    meId = await insertUser(h.db, now, me);
    await grant(h.db, now, meId, 'column', col);
    const otherId = await insertUser(h.db, now, other);
    await grant(h.db, now, otherId, 'column', col);
    plain = plainTextOf(String((await h.db('articles').where('id', paid).first('body_html')).body_html));
  });

  const anchorOf = (quote: string, text = plain) => {
    const start = text.indexOf(quote);
    if (start < 0) throw new Error(`not in the text: ${quote}`);
    return { start, end: start + quote.length };
  };
  const snapshot = () => h.db('notes').select('*').orderBy('id');

  it('plain text is the text nodes of the html, entities decoded', () => {
    expect(plain).toContain('第二段 & <更多> 的内容。');
    expect(plain.startsWith('开头\n公开的开头。')).toBe(true);
  });

  it('creates a highlight with a note on a bought article and lists it', async () => {
    const quote = `${PAID_SECRET} 只有购买者能看到。`;
    const note = await h.ok('note', 'create', { articleId: paid, quote, text: '  记住这里  ', anchor: anchorOf(quote) }, { openid: me });
    expect(note).toMatchObject({
      articleId: paid,
      quote,
      text: '记住这里',
      anchor: anchorOf(quote),
      articleTitle: '第一课',
      columnId: col,
    });
    expect(typeof note.id).toBe('number');
    expect(new Date(note.createdAt).toISOString()).toBe(note.createdAt);
    const hl = await h.ok('note', 'create', { articleId: paid, quote: '<更多>', anchor: anchorOf('<更多>') }, { openid: me });
    expect(hl.text).toBe('');
    const list = await h.ok('note', 'list', { articleId: paid }, { openid: me });
    expect(list.items.map((n: { id: number }) => n.id)).toEqual([note.id, hl.id]); // reading order
    const all = await h.ok('note', 'list', {}, { openid: me });
    expect(all.items[0].id).toBe(hl.id); // newest first
  });

  it('a free article can be highlighted too', async () => {
    const text = plainTextOf(String((await h.db('articles').where('id', free).first('body_html')).body_html));
    const quote = text.slice(0, 4);
    await h.ok('note', 'create', { articleId: free, quote, anchor: { start: 0, end: 4 } }, { openid: 'free-reader' });
  });

  it('refuses bad anchors, quotes that do not match, oversized notes and unreadable articles — writing nothing', async () => {
    const before = await snapshot();
    const quote = '公开的开头。';
    const a = anchorOf(quote);
    let e = await h.fails(
      'INVALID_INPUT',
      'note',
      'create',
      { articleId: paid, quote, anchor: { start: a.start + 1, end: a.end + 1 } },
      { openid: me },
    );
    expect(e.details[0].field).toBe('quote');
    e = await h.fails(
      'INVALID_INPUT',
      'note',
      'create',
      { articleId: paid, quote, anchor: { start: plain.length, end: plain.length + 6 } },
      { openid: me },
    );
    expect(e.details[0].field).toBe('anchor');
    await h.fails('INVALID_INPUT', 'note', 'create', { articleId: paid, quote, anchor: { start: a.end, end: a.start } }, { openid: me });
    await h.fails('INVALID_INPUT', 'note', 'create', { articleId: paid, quote, anchor: { start: -1, end: 3 } }, { openid: me });
    await h.fails('INVALID_INPUT', 'note', 'create', { articleId: paid, quote: '', anchor: a }, { openid: me });
    await h.fails('INVALID_INPUT', 'note', 'create', { articleId: paid, quote, anchor: a, text: '长'.repeat(2001) }, { openid: me });
    await h.fails(
      'INVALID_INPUT',
      'note',
      'create',
      { articleId: paid, quote: 'x'.repeat(1001), anchor: { start: 0, end: 1001 } },
      { openid: me },
    );
    await h.fails('INVALID_INPUT', 'note', 'create', { articleId: paid, quote, anchor: a, userId: meId }, { openid: me });
    // Preview readers may not highlight (even the free part): a note is for what one can fully read.
    await h.fails('FORBIDDEN', 'note', 'create', { articleId: notBought, quote: '公开', anchor: { start: 3, end: 5 } }, { openid: me });
    await h.fails('NOT_FOUND', 'note', 'create', { articleId: draft, quote: '公开', anchor: { start: 3, end: 5 } }, { openid: me });
    await h.fails('NOT_FOUND', 'note', 'create', { articleId: 999999, quote: '公开', anchor: { start: 3, end: 5 } }, { openid: me });
    await h.fails('UNAUTHENTICATED', 'note', 'create', { articleId: paid, quote, anchor: a });
    expect(await snapshot()).toEqual(before);
  });

  it('notes are private: someone else cannot list or delete them', async () => {
    const mine = await h.ok('note', 'list', {}, { openid: me });
    const theirs = await h.ok('note', 'list', {}, { openid: other });
    expect(theirs.items).toEqual([]);
    const before = await snapshot();
    await h.fails('NOT_FOUND', 'note', 'delete', { noteId: mine.items[0].id }, { openid: other });
    await h.fails('NOT_FOUND', 'note', 'delete', { noteId: 999999 }, { openid: me });
    expect(await snapshot()).toEqual(before);
  });

  it('searches my notes by quote or note text, % and _ taken literally', async () => {
    expect((await h.ok('note', 'list', { q: '记住' }, { openid: me })).items).toHaveLength(1);
    expect((await h.ok('note', 'list', { q: '更多' }, { openid: me })).items).toHaveLength(1);
    expect((await h.ok('note', 'list', { q: '%' }, { openid: me })).items).toHaveLength(0);
    expect((await h.ok('note', 'list', { q: '记住' }, { openid: other })).items).toHaveLength(0);
  });

  it('pages with a cursor', async () => {
    const quote = '第二段';
    for (let i = 0; i < 3; i++)
      await h.ok('note', 'create', { articleId: paid, quote, text: `第${i}遍`, anchor: anchorOf(quote) }, { openid: me });
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page: { items: Array<{ id: number }>; nextCursor: string | null } = await h.ok(
        'note',
        'list',
        { limit: 2, ...(cursor ? { cursor } : {}) },
        { openid: me },
      );
      seen.push(...page.items.map((n: { id: number }) => n.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const all = (await h.db('notes').where('user_id', meId).orderBy('id', 'desc').select('id')).map((r) => r.id);
    expect(seen).toEqual(all);
    const byAnchor: number[] = [];
    cursor = undefined;
    do {
      const page: { items: Array<{ id: number }>; nextCursor: string | null } = await h.ok(
        'note',
        'list',
        { articleId: paid, limit: 2, ...(cursor ? { cursor } : {}) },
        { openid: me },
      );
      byAnchor.push(...page.items.map((n: { id: number }) => n.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(byAnchor.sort()).toEqual([...all].sort());
    await h.fails('INVALID_INPUT', 'note', 'list', { cursor: 'bad' }, { openid: me });
  });

  it('exports Markdown per column or all; deleting removes a note from it', async () => {
    const { markdown } = await h.ok('note', 'export', { columnId: col }, { openid: me });
    expect(markdown).toContain('# 我的笔记');
    expect(markdown).toContain('## 笔记专栏');
    expect(markdown).toContain('### 第一课');
    expect(markdown).toContain(`> ${PAID_SECRET} 只有购买者能看到。`);
    expect(markdown).toContain('记住这里');
    const all = await h.ok('note', 'export', {}, { openid: me });
    const [{ n }] = await h.db('notes').where('user_id', meId).count('* as n');
    expect(all.count).toBe(Number(n));
    const none = await h.ok('note', 'export', { columnId: 999999 }, { openid: me });
    expect(none.count).toBe(0);
    const victim = (await h.ok('note', 'list', { q: '第0遍' }, { openid: me })).items[0];
    await h.ok('note', 'delete', { noteId: victim.id }, { openid: me });
    expect((await h.ok('note', 'export', {}, { openid: me })).markdown).not.toContain('第0遍');
  });

  it('after a refund the learner keeps their words, the export holds no paid text beyond their quotes, and no new notes', async () => {
    const now = h.clock.now();
    const refunded = 'note-refunded';
    const uid = await insertUser(h.db, now, refunded);
    await grant(h.db, now, uid, 'article', paid);
    const quote = '第二段';
    await h.ok('note', 'create', { articleId: paid, quote, text: '我的心得', anchor: anchorOf(quote) }, { openid: refunded });
    await h.db('entitlements').where('user_id', uid).update({ revoked_at: now });
    const { markdown } = await h.ok('note', 'export', {}, { openid: refunded });
    expect(markdown).toContain('> 第二段');
    expect(markdown).toContain('我的心得');
    expect(markdown).not.toContain(PAID_SECRET);
    expect(markdown).not.toContain('的内容');
    expect((await h.ok('note', 'list', {}, { openid: refunded })).items).toHaveLength(1);
    await h.fails('FORBIDDEN', 'note', 'create', { articleId: paid, quote, anchor: anchorOf(quote) }, { openid: refunded });
    void second;
  });
});
