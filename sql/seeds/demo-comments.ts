import type { Knex } from 'knex';
import { REVIEW_MARKER } from '../../server/adapters/moderation/word-list';
import { ensureUserId } from '../../server/domain/users/user.repo';

/**
 * A lively comment area on the first free article, so `npm start` shows every state the mini
 * program and the CMS render: a pinned comment, likes, an author reply, a learner reply, and one
 * comment waiting in the moderation queue. Runs after the catalog seed.
 */
export async function seedDemoComments(db: Knex, now: Date): Promise<number> {
  const article = await db('articles')
    .where({ status: 'published', is_free: true })
    .where('publish_at', '<=', now)
    .orderBy('id')
    .first('id');
  if (!article) return 0;
  const readers = [
    { openid: 'demo-reader-1', nickname: '晨读的小林', avatar: '' },
    { openid: 'demo-reader-2', nickname: '产品经理阿杰', avatar: '' },
    { openid: 'demo-reader-3', nickname: '周末学习打卡', avatar: '' },
  ];
  // Created the way a learner's first call creates them, so the dashboard counts them too.
  const ids: number[] = [];
  for (const r of readers) {
    const id = await ensureUserId(db, r.openid, now);
    await db('users').where({ id }).update({ nickname: r.nickname, avatar: r.avatar });
    ids.push(id);
  }
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
  const base = {
    article_id: article.id,
    admin_id: null,
    pinned: false,
    is_author_reply: false,
    like_count: 0,
    status: 'published',
    moderation: 'pass',
  };

  let count = 0;
  const insert = async (row: Record<string, unknown>) => {
    const [id] = await db('comments').insert({ ...base, ...row, updated_at: row.created_at });
    count += 1;
    return Number(id);
  };
  const pinned = await insert({
    user_id: ids[0],
    parent_id: null,
    content: '这一篇把核心概念讲得很透，尤其是第二个例子，反复看了三遍。',
    pinned: true,
    like_count: 2,
    created_at: minutesAgo(300),
  });
  await insert({
    user_id: null,
    parent_id: pinned,
    content: '谢谢支持！下一篇会接着讲实战中的常见误区。',
    is_author_reply: true,
    moderation: 'author',
    created_at: minutesAgo(240),
  });
  await insert({ user_id: ids[2], parent_id: pinned, content: '同感，第二个例子最有启发。', created_at: minutesAgo(200) });
  const question = await insert({
    user_id: ids[1],
    parent_id: null,
    content: '想请教一下：文中的方法适合刚入门的团队吗？',
    like_count: 1,
    created_at: minutesAgo(120),
  });
  await insert({
    user_id: ids[2],
    parent_id: null,
    content: `打卡第 7 天，继续坚持 ${REVIEW_MARKER}`,
    status: 'pending',
    moderation: 'review',
    created_at: minutesAgo(30),
  });
  await db('likes').insert([
    { user_id: ids[1], target_type: 'comment', target_id: pinned, created_at: minutesAgo(100) },
    { user_id: ids[2], target_type: 'comment', target_id: pinned, created_at: minutesAgo(90) },
    { user_id: ids[0], target_type: 'comment', target_id: question, created_at: minutesAgo(60) },
  ]);
  return count;
}
