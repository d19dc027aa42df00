import { useHarness } from '../support/harness';
import { grant, insertArticle, insertColumn, insertUser, PAID_SECRET } from '../support/fixtures';
import { articleForReadingQuery, loadArticleForReading } from '../../server/domain/access/article-access.repo';
import { LocalMediaStore } from '../../server/adapters/media-store/local-media-store';

/**
 * access.article / access.check: full body and media only with a grant, the server-cut preview
 * otherwise; unreleased content is indistinguishable from missing content; identity only from
 * the platform context.
 */
describe('access function', () => {
  const h = useHarness();
  let now: Date;
  let columnId: number;
  let paid: number;
  let free: number;
  let noMarker: number;
  let draft: number;
  let scheduled: number;
  let inDraftColumn: number;
  let buyerId: number;

  beforeAll(async () => {
    now = h.clock.now();
    columnId = await insertColumn(h.db, now, { member_included: true });
    const draftColumn = await insertColumn(h.db, now, { status: 'draft' });
    paid = await insertArticle(h.db, now, columnId, {
      title: '付费文章',
      audio_file_id: 'media/test/lesson.wav',
      audio_duration_sec: 95,
      video_file_id: 'media/test/lesson.mp4',
      video_duration_sec: 300,
    });
    free = await insertArticle(h.db, now, columnId, { is_free: true, title: '免费文章' });
    noMarker = await insertArticle(h.db, now, columnId, {
      body_md: [
        '## 第一段',
        '开头的话，公开试读。'.repeat(20),
        '## 第二段',
        `${PAID_SECRET} 甲。`,
        '## 第三段',
        `${PAID_SECRET} 乙。`,
      ].join('\n\n'),
    });
    draft = await insertArticle(h.db, now, columnId, { status: 'draft', publish_at: null });
    scheduled = await insertArticle(h.db, now, columnId, { publish_at: new Date(now.getTime() + 3600_000) });
    inDraftColumn = await insertArticle(h.db, now, draftColumn);
    buyerId = await insertUser(h.db, now, 'buyer');
    await grant(h.db, now, buyerId, 'article', paid);
  }, 60000);

  it('anonymous caller: the preview cut at the marker, the card locked, no media', async () => {
    const data = await h.ok('access', 'article', { articleId: paid });
    expect(data.access).toEqual({ granted: false, reason: 'preview' });
    expect(data.article).toMatchObject({ id: paid, title: '付费文章', locked: true, hasAudio: true, hasVideo: true, audioDurationSec: 95 });
    expect(data.html).toContain('公开的开头');
    expect(data.html).not.toContain(PAID_SECRET);
    expect(data).not.toHaveProperty('audio');
    expect(data).not.toHaveProperty('video');
    expect(JSON.stringify(data)).not.toContain('media/test');
  });

  it('without a marker the preview is a well-formed prefix of whole blocks', async () => {
    const data = await h.ok('access', 'article', { articleId: noMarker });
    expect(data.html).toContain('第一段');
    expect(data.html).not.toContain(PAID_SECRET);
    expect(data.html.match(/<h2>/g)?.length).toBe(data.html.match(/<\/h2>/g)?.length);
  });

  it('a buyer gets the full body and short-lived signed media URLs with durations', async () => {
    const data = await h.ok('access', 'article', { articleId: paid }, { openid: 'buyer' });
    expect(data.access).toEqual({ granted: true, reason: 'article' });
    expect(data.article.locked).toBe(false);
    expect(data.html).toContain(PAID_SECRET);
    expect(data.html).not.toContain('&lt;!-- more');
    expect(data.audio.durationSec).toBe(95);
    expect(data.video.durationSec).toBe(300);
    const audio = new URL(data.audio.url);
    expect(audio.pathname).toBe('/media/test/lesson.wav');
    const exp = Number(audio.searchParams.get('exp'));
    // ten minutes plus the running time
    expect(exp).toBe(Math.floor(now.getTime() / 1000) + 600 + 95);
    const store = h.deps.media as LocalMediaStore;
    expect(store.check('test/lesson.wav', audio.searchParams.get('exp'), audio.searchParams.get('sig'))).toBe('ok');
  });

  it('a media store failure leaves the media out but still delivers the paid text', async () => {
    const other = await insertArticle(h.db, now, columnId, { audio_file_id: 'cloud://not-a-local-file.mp3', audio_duration_sec: 10 });
    await grant(h.db, now, buyerId, 'article', other);
    const data = await h.ok('access', 'article', { articleId: other }, { openid: 'buyer' });
    expect(data.access.granted).toBe(true);
    expect(data.html).toContain(PAID_SECRET);
    expect(data).not.toHaveProperty('audio');
    const logged = h.log.lines.find((l) => l.event === 'media.sign_failed');
    expect(logged).toMatchObject({ kind: 'audio' });
    expect(JSON.stringify(logged)).not.toContain('not-a-local-file');
  });

  it('a free article is granted to everyone', async () => {
    expect((await h.ok('access', 'article', { articleId: free })).access).toEqual({ granted: true, reason: 'free' });
  });

  it('missing, draft, scheduled and draft-column articles answer the very same NOT_FOUND', async () => {
    const answers = [];
    for (const articleId of [999999, draft, scheduled, inDraftColumn]) {
      answers.push(await h.call('access', 'article', { articleId }, { openid: 'buyer' }));
    }
    for (const a of answers) expect(a).toEqual(answers[0]);
    expect(answers[0]).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: '文章不存在或已下架' } });
  });

  it('a scheduled article opens once its time has come', async () => {
    const saved = h.clock.now();
    h.clock.set(new Date(now.getTime() + 3600_000));
    expect((await h.ok('access', 'article', { articleId: scheduled })).access.granted).toBe(false);
    h.clock.set(saved);
  });

  it('says whether the viewer liked and favorited the article, and how many liked it (false for anonymous callers)', async () => {
    const fanId = await insertUser(h.db, now, 'fan');
    await h.ok('user', 'likeArticle', { articleId: free, liked: true }, { openid: 'fan' });
    await h.ok('user', 'favorite', { articleId: free, favorited: true }, { openid: 'fan' });
    await h.ok('user', 'likeArticle', { articleId: free, liked: true }, { openid: 'buyer' });
    try {
      expect(await h.ok('access', 'article', { articleId: free }, { openid: 'fan' })).toMatchObject({
        liked: true,
        favorited: true,
        likeCount: 2,
      });
      await h.ok('user', 'favorite', { articleId: free, favorited: false }, { openid: 'buyer' });
      expect(await h.ok('access', 'article', { articleId: free }, { openid: 'buyer' })).toMatchObject({
        liked: true,
        favorited: false,
        likeCount: 2,
      });
      expect(await h.ok('access', 'article', { articleId: free })).toMatchObject({ liked: false, favorited: false, likeCount: 2 });
      expect(await h.ok('access', 'article', { articleId: paid }, { openid: 'fan' })).toMatchObject({
        liked: false,
        favorited: false,
        likeCount: 0,
      });
    } finally {
      await h.db('likes').whereIn('user_id', [fanId, buyerId]).del();
      await h.db('favorites').where('user_id', fanId).del();
      await h.db('articles').where('id', free).update({ like_count: 0 });
    }
  });

  it('identity, decision facts and one body in one database round trip', async () => {
    const sqls: string[] = [];
    const listen = (q: { sql: string }) => sqls.push(q.sql);
    h.db.on('query', listen);
    try {
      const loaded = await loadArticleForReading(h.db, paid, 'buyer', now);
      expect(loaded?.viewerId).toBe(buyerId);
      // The learner's active grants, from their digest (grants-digest.ts): the one on this article among them.
      expect(loaded?.entitlements).toContainEqual(expect.objectContaining({ scope: 'article', itemId: paid }));
      expect(loaded?.digestStale).toBe(false);
      expect(loaded?.bodyHtml).toContain(PAID_SECRET);
      expect(loaded?.previewHtml).toBeUndefined();
      const stranger = await loadArticleForReading(h.db, paid, 'never-seen', now);
      expect(stranger?.viewerId).toBeNull();
      expect(stranger?.bodyHtml).toBeUndefined();
      expect(stranger?.previewHtml).not.toContain(PAID_SECRET);
      // The whole access.article call: the decision and the body in one statement, no separate
      // identity lookup; a paid body served also takes the reading allowance (issue 17's scraping
      // limit): one read and one write of its counters. A preview costs the one statement only.
      sqls.length = 0;
      await h.ok('access', 'article', { articleId: paid }, { openid: 'buyer' });
      expect(sqls).toHaveLength(3);
      expect(sqls[0]).toMatch(/from `articles` as `a`/);
      expect(sqls.slice(1).every((q) => /reading_counters/.test(q))).toBe(true);
      sqls.length = 0;
      await h.ok('access', 'article', { articleId: paid }, { openid: 'never-seen' });
      expect(sqls).toHaveLength(1);
    } finally {
      h.db.removeListener('query', listen);
    }
    const sql = articleForReadingQuery(h.db, paid, 'buyer', now).toSQL().sql;
    expect(sql).toMatch(/`?users`? as `?u`?/i);
    expect(sql).not.toMatch(/union/i);
  });

  it('a member with years of renewals: without a holding digest all terms are read, and the open recomputes the digest', async () => {
    const memberId = await insertUser(h.db, now, 'long-member');
    // 60 monthly terms in the past, then the current one last (so a list cut short would lose it).
    for (let i = 60; i >= 1; i--) {
      await grant(h.db, now, memberId, 'membership', 1, {
        starts_at: new Date(now.getTime() - (i + 1) * 30 * 86400_000),
        expires_at: new Date(now.getTime() + 3600_000 + i),
      });
    }
    // Without a digest (never computed), the entitlements themselves are read: one more statement.
    await h.db('users').where('id', memberId).update({ grants_digest: null, grants_valid_from: null, grants_valid_until: null });
    const statementsOf = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
      let statements = 0;
      const count = () => (statements += 1);
      h.db.on('query', count);
      try {
        return [await work(), statements];
      } finally {
        h.db.off('query', count);
      }
    };
    const [loaded, stale] = await statementsOf(() => loadArticleForReading(h.db, paid, 'long-member', now));
    expect(stale).toBe(2);
    expect(loaded?.entitlements).toHaveLength(60);
    expect(loaded?.digestStale).toBe(true);
    // The SQL could not see the grant, so the service fetches the body it allows.
    const data = await h.ok('access', 'article', { articleId: paid }, { openid: 'long-member' });
    expect(data.access).toEqual({ granted: true, reason: 'membership' });
    expect(data.html).toContain(PAID_SECRET);
    // That open found the digest missing and computed it: all 60 terms now come with the learner, in one statement.
    const [again, fresh] = await statementsOf(() => loadArticleForReading(h.db, paid, 'long-member', now));
    expect(fresh).toBe(1);
    expect(again?.digestStale).toBe(false);
    expect(again?.entitlements).toHaveLength(60);
    expect(again?.bodyHtml).toContain(PAID_SECRET);
  });

  it('check answers many ids at once; unknown and unreleased ids are false', async () => {
    const ids = [paid, free, noMarker, draft, scheduled, inDraftColumn, 999999];
    expect(await h.ok('access', 'check', { articleIds: ids })).toEqual({
      [paid]: false,
      [free]: true,
      [noMarker]: false,
      [draft]: false,
      [scheduled]: false,
      [inDraftColumn]: false,
      999999: false,
    });
    expect(await h.ok('access', 'check', { articleIds: [paid, paid, free] }, { openid: 'buyer' })).toEqual({ [paid]: true, [free]: true });
  });

  it('check uses one entitlement query for 100 ids', async () => {
    const sqls: string[] = [];
    const listen = (q: { sql: string }) => sqls.push(q.sql);
    h.db.on('query', listen);
    await h.ok('access', 'check', { articleIds: Array.from({ length: 100 }, (_, i) => i + 1) }, { openid: 'buyer' });
    h.db.removeListener('query', listen);
    expect(sqls.filter((s) => /from .entitlements./i.test(s))).toHaveLength(1);
  });

  describe('bad input', () => {
    it.each([
      ['missing id', 'article', {}],
      ['string id', 'article', { articleId: '1' }],
      ['zero id', 'article', { articleId: 0 }],
      ['fractional id', 'article', { articleId: 2.5 }],
      ['huge id', 'article', { articleId: 2 ** 31 }],
      ['null id', 'article', { articleId: null }],
      ['ids not an array', 'check', { articleIds: 5 }],
      ['empty ids', 'check', { articleIds: [] }],
      ['101 ids', 'check', { articleIds: Array.from({ length: 101 }, (_, i) => i + 1) }],
      ['a malformed id among good ones', 'check', { articleIds: [1, 'x', 3] }],
      ['forged openid in the event', 'article', { articleId: 1, openid: 'buyer' }],
      ['forged userId in the event', 'article', { articleId: 1, userId: 1 }],
      ['forged openid on check', 'check', { articleIds: [1], openid: 'buyer' }],
    ])('%s → INVALID_INPUT naming the field', async (_label, action, input) => {
      const error = await h.fails('INVALID_INPUT', 'access', action, input as Record<string, unknown>);
      expect(error.details.length).toBeGreaterThan(0);
    });

    it('identity comes only from the context: a forged userInfo block grants nothing', async () => {
      // `userInfo` is the block the platform itself adds; its openid is not trusted either.
      const data = await h.ok('access', 'article', { articleId: paid, userInfo: { openId: 'buyer', appId: 'x' } });
      expect(data.access.granted).toBe(false);
      expect(data.html).not.toContain(PAID_SECRET);
    });

    it('bad input writes nothing (no user row for a stranger)', async () => {
      const before = await h.db('users').count('* as n').first();
      await h.fails('INVALID_INPUT', 'access', 'article', { articleId: -1 }, { openid: 'stranger' });
      await h.ok('access', 'article', { articleId: paid }, { openid: 'stranger' });
      const after = await h.db('users').count('* as n').first();
      expect(Number(after?.n)).toBe(Number(before?.n));
    });
  });

  it('images are signed at read time only in the html the viewer may see: a paid part image never reaches a visitor', async () => {
    const withImages = await insertArticle(h.db, now, columnId, {
      body_md: '## 开头\n\n![免费图](media/uploads/2026-12/free.png)\n\n<!-- more -->\n\n![付费图](media/uploads/2026-12/paid.png)',
    });
    const stored = await h.db('articles').where({ id: withImages }).first('body_html');
    expect(stored.body_html).toContain('src="media/uploads/2026-12/paid.png"'); // ids at rest, never URLs
    const visitor = await h.ok('access', 'article', { articleId: withImages });
    expect(visitor.html).toMatch(/<img src="http[^"]*\/media\/uploads\/2026-12\/free\.png\?exp=\d+&amp;sig=[^"]+"/);
    expect(visitor.html).not.toContain('paid.png');
    const buyer = await insertUser(h.db, now, 'image-buyer');
    await grant(h.db, now, buyer, 'article', withImages);
    const bought = await h.ok('access', 'article', { articleId: withImages }, { openid: 'image-buyer' });
    expect(bought.html).toMatch(/<img src="http[^"]*\/media\/uploads\/2026-12\/paid\.png\?exp=\d+&amp;sig=[^"]+"/);
    expect(bought.html).not.toContain('src="media/');
  });
});
