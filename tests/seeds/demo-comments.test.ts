import { createHarness, type Harness } from '../support/harness';

/** `npm start` opens on a comment area that shows every state the clients render. */
describe('demo comments seed', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ seed: true });
  });
  afterAll(() => h.close());

  it('puts a pinned, liked comment with an author reply first; the pending one waits in the queue', async () => {
    const articleId = Number((await h.db('comments').first('article_id')).article_id);
    const { items } = await h.ok('comment', 'list', { articleId });
    expect(items[0]).toMatchObject({ pinned: true, likeCount: 2, replyCount: 2 });
    expect(items[0].replies[0]).toMatchObject({ isAuthorReply: true, user: { nickname: '作者', avatar: '' } });
    expect(items.every((c: any) => c.status === 'published')).toBe(true);
    expect(Number((await h.db('comments').where({ status: 'pending' }).count('* as n').first())?.n)).toBe(1);
    const likes = await h.db('likes').where({ target_type: 'comment' });
    for (const item of items) expect(item.likeCount).toBe(likes.filter((l) => Number(l.target_id) === item.id).length);
  });
});
