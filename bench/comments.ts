/**
 * Comment list cost at volume: one article with many comments, replies and likes. Reports the
 * statements per `list` call (constant: it must not grow with the thread) and median wall time
 * for the first page and a deep page, newest and hot, on SQLite and (when MYSQL_URL is set) MySQL.
 *
 *   npx tsx bench/comments.ts            # SQLite
 *   MYSQL_URL=mysql://root@127.0.0.1:3306 npx tsx bench/comments.ts
 */
import type { Knex } from 'knex';
import { createDb } from '../server/db/connection';
import { runWhenMain, withScratchDatabase } from './support';
import { migrateLatest } from '../server/db/migrations';
import { ManualClock } from '../server/ports/clock';
import { memoryLogger } from '../server/runtime/logger';
import { loadConfig } from '../server/platform/config';
import { createLocalDeps } from '../server/emulator/local-deps';
import { main as commentFn } from '../cloudfunctions/comment/index';

const TOP_LEVEL = Number(process.env.BENCH_COMMENTS ?? 50_000);
const REPLIES = Math.round(TOP_LEVEL / 4);
const USERS = 2_000;
const RUNS = 15;

async function seed(db: Knex, now: Date): Promise<{ articleId: number; viewer: string }> {
  const [columnId] = await db('columns').insert({ title: 'bench', intro: '', status: 'published', created_at: now, updated_at: now });
  const [articleId] = await db('articles').insert({
    column_id: columnId,
    title: 'bench',
    body_md: '',
    body_html: '',
    preview_html: '',
    is_free: true,
    status: 'published',
    publish_at: new Date(now.getTime() - 86400_000),
    created_at: now,
    updated_at: now,
  });
  const users = Array.from({ length: USERS }, (_, i) => ({
    openid: `bench-${i}`,
    nickname: `u${i}`,
    avatar: '',
    created_at: now,
    updated_at: now,
  }));
  for (let i = 0; i < users.length; i += 500) await db('users').insert(users.slice(i, i + 500));
  const firstUser = Number((await db('users').min('id as id').first())!.id);
  const row = (i: number, parentId: number | null) => ({
    article_id: articleId,
    user_id: firstUser + (i % USERS),
    parent_id: parentId,
    content: `评论 ${i}`,
    status: i % 50 === 0 ? 'pending' : 'published',
    moderation: 'pass',
    pinned: i === 7,
    is_author_reply: false,
    like_count: (i * 7919) % 300,
    created_at: new Date(now.getTime() - (TOP_LEVEL - i) * 1000),
    updated_at: now,
  });
  for (let i = 0; i < TOP_LEVEL; i += 400) {
    await db('comments').insert(Array.from({ length: Math.min(400, TOP_LEVEL - i) }, (_, k) => row(i + k, null)));
  }
  const firstComment = Number((await db('comments').min('id as id').first())!.id);
  for (let i = 0; i < REPLIES; i += 400) {
    await db('comments').insert(
      Array.from({ length: Math.min(400, REPLIES - i) }, (_, k) => row(i + k, firstComment + (((i + k) * 31) % TOP_LEVEL))),
    );
  }
  const likes = Array.from({ length: 5000 }, (_, i) => ({
    user_id: firstUser,
    target_type: 'comment',
    target_id: firstComment + i * 3,
    created_at: now,
  }));
  for (let i = 0; i < likes.length; i += 400) await db('likes').insert(likes.slice(i, i + 400));
  return { articleId: Number(articleId), viewer: 'bench-0' };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(label: string, db: Knex): Promise<void> {
  const clock = new ManualClock('2026-06-01T02:00:00.000Z');
  const deps = createLocalDeps({ db, clock, log: memoryLogger(), config: loadConfig({ PORT: '0' }) });
  const t0 = Date.now();
  const { articleId, viewer } = await seed(db, clock.now());
  console.log(`[${label}] seeded ${TOP_LEVEL} comments + ${REPLIES} replies in ${Date.now() - t0} ms`);
  let statements = 0;
  const started = new Map<string, bigint>();
  const perStatement = new Map<string, number[]>();
  db.on('query', (q: { __knexQueryUid: string }) => {
    statements += 1;
    started.set(q.__knexQueryUid, process.hrtime.bigint());
  });
  db.on('query-response', (_r: unknown, q: { __knexQueryUid: string; sql: string }) => {
    const t = started.get(q.__knexQueryUid);
    if (t === undefined) return;
    const key = q.sql.replace(/\s+/g, ' ').slice(0, 60);
    perStatement.set(key, [...(perStatement.get(key) ?? []), Number(process.hrtime.bigint() - t) / 1e6]);
  });
  const caller = { openid: viewer, unionid: null, source: 'wx_client', clientIp: null, adminCredential: null };
  for (const sort of ['newest', 'hot'] as const) {
    let cursor: string | undefined;
    const first: number[] = [];
    const deep: number[] = [];
    const counts = new Set<number>();
    for (let run = 0; run < RUNS; run += 1) {
      statements = 0;
      const s = process.hrtime.bigint();
      const res = await commentFn.invoke({ $url: 'list', articleId, sort, limit: 20 }, { deps, caller });
      first.push(Number(process.hrtime.bigint() - s) / 1e6);
      counts.add(statements);
      if (!res.ok) throw new Error(JSON.stringify(res.error));
      cursor = (res.data as { nextCursor: string }).nextCursor;
    }
    // Walk 50 pages in, then time that page.
    for (let p = 0; p < 50; p += 1) {
      const res = await commentFn.invoke({ $url: 'list', articleId, sort, limit: 20, cursor }, { deps, caller });
      if (!res.ok) throw new Error(JSON.stringify(res.error));
      cursor = (res.data as { nextCursor: string }).nextCursor;
    }
    for (let run = 0; run < RUNS; run += 1) {
      statements = 0;
      const s = process.hrtime.bigint();
      await commentFn.invoke({ $url: 'list', articleId, sort, limit: 20, cursor }, { deps, caller });
      deep.push(Number(process.hrtime.bigint() - s) / 1e6);
      counts.add(statements);
    }
    if (process.env.BENCH_VERBOSE) {
      for (const [sql, times] of perStatement) console.log(`    ${median(times).toFixed(2)} ms  ${sql}`);
      perStatement.clear();
    }
    console.log(
      `[${label}] list sort=${sort}: statements/call ${[...counts].join(',')}; median first page ${median(first).toFixed(1)} ms, page 51 ${median(deep).toFixed(1)} ms`,
    );
  }
}

export async function benchComments(): Promise<void> {
  const sqlite = createDb({ sqliteFile: ':memory:' });
  try {
    await migrateLatest(sqlite);
    await measure('sqlite', sqlite);
  } finally {
    await sqlite.destroy();
  }
  if (!process.env.MYSQL_URL) return;
  await withScratchDatabase('bench_comments', async ({ url }) => {
    const mysql = createDb({ mysqlUrl: url, poolMax: 2 });
    try {
      await migrateLatest(mysql);
      await measure('mysql', mysql);
    } finally {
      await mysql.destroy();
    }
  });
}

runWhenMain(module, benchComments);
