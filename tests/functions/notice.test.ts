import { useHarness, callerFor } from '../support/harness';
import { loadFunction } from '../../server/emulator/functions';
import { insertArticle, insertColumn, insertUser } from '../support/fixtures';
import { adminToken } from './admin/admin-support';
import { LOCAL_NEW_LESSON_TEMPLATE } from '../../server/adapters/subscribe-message/outbox';
import { SubscribeMessageRefused, type SubscribeMessenger } from '../../server/ports/subscribe-message';

/** New-lesson notices: one message per accepted grant, at most once per learner and article, sent by the timer. */
describe('notice function', () => {
  const h = useHarness();
  let as: { bearer: string };
  let col: number;
  let other: number;
  let draftCol: number;
  const a = 'notice-a';
  const b = 'notice-b';

  /** The timer trigger exactly as CloudBase fires it. */
  const tick = async () => {
    const res = await loadFunction('notice').invoke(
      { Type: 'Timer', TriggerName: 'dispatch' },
      { deps: h.deps, caller: callerFor({ source: 'wx_trigger' }) },
    );
    if (!res.ok) throw new Error(JSON.stringify(res.error));
    return res.data as { sent: number; failed: number };
  };
  const outbox = () => h.db('message_outbox').orderBy('id');

  beforeAll(async () => {
    const now = h.clock.now();
    as = { bearer: await adminToken(h, 'notice-editor', 'editor') };
    col = await insertColumn(h.db, now, { title: '上新专栏' });
    other = await insertColumn(h.db, now, { title: '别的专栏' });
    draftCol = await insertColumn(h.db, now, { status: 'draft' });
    await insertArticle(h.db, now, col, { title: '旧文章' }); // released before anyone subscribed
    for (const openid of [a, b]) await insertUser(h.db, now, openid);
  });

  it('subscribe records one grant per accepted prompt; status tells the template and what is left', async () => {
    expect(await h.ok('notice', 'status', { columnId: col }, { openid: a })).toEqual({
      columnId: col,
      templateId: LOCAL_NEW_LESSON_TEMPLATE,
      remaining: 0,
    });
    expect((await h.ok('notice', 'subscribe', { columnId: col }, { openid: a })).remaining).toBe(1);
    expect((await h.ok('notice', 'subscribe', { columnId: col }, { openid: a })).remaining).toBe(2);
    expect((await h.ok('notice', 'subscribe', { columnId: col }, { openid: b })).remaining).toBe(1);
    await h.fails('NOT_FOUND', 'notice', 'subscribe', { columnId: draftCol }, { openid: a });
    await h.fails('NOT_FOUND', 'notice', 'subscribe', { columnId: 999999 }, { openid: a });
    await h.fails('UNAUTHENTICATED', 'notice', 'subscribe', { columnId: col });
    // Only the platform's timer may dispatch.
    await h.fails('FORBIDDEN', 'notice', 'dispatch', {}, { openid: a });
  });

  it('nothing is sent for articles released before the grant', async () => {
    h.clock.advanceSec(60);
    expect(await tick()).toEqual({ sent: 0, failed: 0 });
    expect(await outbox()).toHaveLength(0);
  });

  it('publishing an article sends one message to each subscriber with a grant, once', async () => {
    h.clock.advanceSec(60);
    const created = await h.ok(
      'admin',
      'article.create',
      { columnId: col, chapterId: null, title: '新的一课', bodyMd: '正文', isFree: false, priceFen: null },
      as,
    );
    await h.ok('admin', 'article.publish', { id: created.id }, as);
    h.clock.advanceSec(60);
    expect(await tick()).toEqual({ sent: 2, failed: 0 });
    expect(await tick()).toEqual({ sent: 0, failed: 0 });
    const sent = await outbox();
    expect(sent.map((m) => m.touser).sort()).toEqual([a, b]);
    expect(sent[0]).toMatchObject({ template_id: LOCAL_NEW_LESSON_TEMPLATE, page: `pages/reader/article/index?id=${created.id}` });
    expect(JSON.parse(sent[0].data_json)).toMatchObject({ thing1: { value: '上新专栏' }, thing2: { value: '新的一课' } });
    expect((await h.ok('notice', 'status', { columnId: col }, { openid: a })).remaining).toBe(1);
    expect((await h.ok('notice', 'status', { columnId: col }, { openid: b })).remaining).toBe(0);
    const list = await h.ok('admin', 'notice.list', {}, as);
    expect(list.items).toHaveLength(2);
    expect(list.items[0]).toMatchObject({ status: 'sent', articleTitle: '新的一课', columnTitle: '上新专栏' });
    expect((await h.ok('admin', 'notice.outbox', {}, as)).items).toHaveLength(2);
  });

  it('a scheduled article is announced when its time comes, only to those with a grant left', async () => {
    const now = h.clock.now();
    const at = new Date(now.getTime() + 3600_000);
    await insertArticle(h.db, now, col, { title: '定时的一课', publish_at: at });
    await insertArticle(h.db, now, other, { title: '别的专栏的课', publish_at: new Date(now.getTime() + 60_000) });
    expect(await tick()).toEqual({ sent: 0, failed: 0 });
    h.clock.set(new Date(at.getTime() + 30_000));
    expect(await tick()).toEqual({ sent: 1, failed: 0 });
    const last = (await outbox()).pop()!;
    expect(last.touser).toBe(a);
    expect(JSON.parse(last.data_json).thing2.value).toBe('定时的一课');
  });

  it('concurrent timer runs send each message once', async () => {
    const now = h.clock.now();
    for (const openid of [a, b]) await h.ok('notice', 'subscribe', { columnId: col }, { openid });
    h.clock.advanceSec(60);
    await insertArticle(h.db, h.clock.now(), col, { title: '并发的一课', publish_at: h.clock.now() });
    h.clock.advanceSec(60);
    const runs = await Promise.all([tick(), tick(), tick()]);
    expect(runs.reduce((n, r) => n + r.sent, 0)).toBe(2);
    const rows = await h.db('message_outbox').where('created_at', '>', now);
    expect(rows.map((m) => m.touser).sort()).toEqual([a, b]);
  });

  it('a failed send is recorded, gives the grant back, and is not retried for that article', async () => {
    const real = h.deps.subscribeMessage;
    const refusing: SubscribeMessenger = {
      newLessonTemplateId: real.newLessonTemplateId,
      sendNewLesson: async () => {
        throw new SubscribeMessageRefused('user refused', 43101);
      },
    };
    await h.ok('notice', 'subscribe', { columnId: col }, { openid: b });
    h.clock.advanceSec(60);
    const id = await insertArticle(h.db, h.clock.now(), col, { title: '发不出去的一课', publish_at: h.clock.now() });
    (h.deps as { subscribeMessage: SubscribeMessenger }).subscribeMessage = refusing;
    try {
      expect(await tick()).toEqual({ sent: 0, failed: 1 });
    } finally {
      (h.deps as { subscribeMessage: SubscribeMessenger }).subscribeMessage = real;
    }
    expect(await tick()).toEqual({ sent: 0, failed: 0 });
    const d = await h.db('notice_deliveries').where({ article_id: id }).first();
    expect(d).toMatchObject({ status: 'failed', error: 'user refused' });
    expect((await h.ok('notice', 'status', { columnId: col }, { openid: b })).remaining).toBe(1);
  });
});
