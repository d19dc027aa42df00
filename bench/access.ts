/**
 * `npm run bench:access`: the access decision at scale, ours against the seed document's.
 *
 * Seeds a database of its own on MySQL (MYSQL_URL, default root@127.0.0.1:3306; dropped after)
 * with ≥100k users, ≥10k articles, ≥1M entitlements and ≥1M progress rows, in bulk
 * (INSERT … SELECT over a generated number table — one statement per table, no row-by-row
 * round trips), then times, on the same (user, article) pairs in the same run:
 *  - ours: `loadArticleForReading` from the caller's openid (users.id by openid, the article and
 *    column, the user's active bearing entitlements and the ONE body the viewer may see, in one
 *    statement and one row) fed to the pure `decideReading` — exactly what access.article runs;
 *  - the seed's `canAccessArticle` (SEED.md), faithfully: load the article with its column
 *    (whose isFree is the free check), then single purchase, column purchase, membership — one
 *    query each, sequentially, stopping at the first hit. Its Purchase/Membership collections
 *    are our entitlements table (scope article/column/membership, not revoked = "paid").
 * Reports queries per decision, p50/p99 of each and their ratio — over all pairs, the paywall
 * pairs (no access: the seed runs all four queries) and the granted ones (it may stop after two) —
 * twice: on loopback, and through a relay adding ~1 ms per round trip as a VPC hop does.
 * On loopback a round trip costs almost nothing, so the ratio there is bounded by statement cost:
 * the server's parse/optimise/execute of one six-table statement against four small ones.
 * The round-trip saving — the point of the design — shows once the database is a network hop away.
 * The last line is a JSON summary (ratios seed ÷ ours: above 1 = faster).
 */
import net from 'node:net';
import os from 'node:os';
import type { Knex } from 'knex';
import { createDb } from '../server/db/connection';
import { BENCH_BUFFER_POOL_MB, runWhenMain, seedGrantsDigests, withScratchDatabase } from './support';
import { migrateLatest } from '../server/db/migrations';
import { articleForReadingQuery, loadArticleForReading } from '../server/domain/access/article-access.repo';
import { decideAccess, decideReading } from '../server/domain/access/access.policy';
import { toBool } from '../server/db/values';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 10_000);
const COLUMNS = 200;
const ENTITLEMENTS = Number(process.env.BENCH_ENTITLEMENTS ?? 1_000_000);
const PROGRESS = Number(process.env.BENCH_PROGRESS ?? 1_000_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 3000);
const NOW = new Date('2026-06-01T02:00:00.000Z');
const PAST = new Date('2026-01-01T00:00:00.000Z');

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = process.hrtime.bigint();
  const result = await work();
  console.log(`  ${label.padEnd(44)} ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1).padStart(6)} s`);
  return result;
}

/** Bulk seed: every table filled by one INSERT … SELECT over `seq` (0 … n-1). */
async function seed(db: Knex): Promise<void> {
  await db.raw('SET SESSION foreign_key_checks = 0');
  await db.raw('SET SESSION unique_checks = 0');
  const need = Math.max(USERS, ARTICLES, ENTITLEMENTS, PROGRESS);
  const digits = Math.ceil(Math.log10(need));
  await timed(`number table (${(10 ** digits).toLocaleString()} rows)`, async () => {
    await db.raw('CREATE TABLE bench_digits (d INT NOT NULL PRIMARY KEY)');
    await db.raw('INSERT INTO bench_digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)');
    await db.raw('CREATE TABLE bench_seq (n INT NOT NULL PRIMARY KEY)');
    const terms = Array.from({ length: digits }, (_, i) => `d${i}.d * ${10 ** i}`).join(' + ');
    const from = Array.from({ length: digits }, (_, i) => `bench_digits d${i}`).join(', ');
    await db.raw(`INSERT INTO bench_seq (n) SELECT ${terms} FROM ${from}`);
  });
  await timed(`users (${USERS.toLocaleString()})`, () =>
    db.raw(
      `INSERT INTO users (id, openid, nickname, avatar, created_at, updated_at)
            SELECT n + 1, CONCAT('bench-', n), '', '', ?, ? FROM bench_seq WHERE n < ?`,
      [PAST, PAST, USERS],
    ),
  );
  await timed(`columns (${COLUMNS}) and articles (${ARTICLES.toLocaleString()})`, async () => {
    await db.raw(
      `INSERT INTO columns (id, title, subtitle, intro, cover, price_fen, member_included, status, sort, created_at, updated_at)
                  SELECT n + 1, CONCAT('专栏 ', n), '', '', '', 9900, n % 2, 'published', n, ?, ? FROM bench_seq WHERE n < ?`,
      [PAST, PAST, COLUMNS],
    );
    // Bodies of a realistic size (~3 KB), so both algorithms read what a real article page reads.
    await db.raw(
      `INSERT INTO articles (id, column_id, title, summary, body_md, body_html, preview_html, preview_ratio, audio_file_id,
                    audio_duration_sec, is_free, price_fen, status, publish_at, sort, created_at, updated_at)
                  SELECT n + 1, n % ? + 1, CONCAT('文章 ', n), '', REPEAT('付费正文。', 200), REPEAT('<p>付费正文。</p>', 150),
                    REPEAT('<p>试读。</p>', 30), 30, IF(n % 3 = 0, CONCAT('cloud://bench/', n, '.mp3'), NULL), IF(n % 3 = 0, 600, NULL),
                    n % 10 = 0, IF(n % 2 = 0, 990, NULL), 'published', ?, n, ?, ?
                  FROM bench_seq WHERE n < ?`,
      [COLUMNS, PAST, PAST, PAST, ARTICLES],
    );
  });
  // 70 % single articles, 20 % columns, 10 % memberships (half of them expired); 2 % refunded.
  await timed(`entitlements (${ENTITLEMENTS.toLocaleString()})`, () =>
    db.raw(
      `INSERT INTO entitlements (user_id, scope, item_id, source, source_id, starts_at, expires_at, revoked_at, created_at)
            SELECT (n * 7919) % ? + 1,
                   CASE WHEN n % 10 < 7 THEN 'article' WHEN n % 10 < 9 THEN 'column' ELSE 'membership' END,
                   CASE WHEN n % 10 < 7 THEN (n * 104729) % ? + 1 WHEN n % 10 < 9 THEN (n * 31) % ? + 1 ELSE 1 END,
                   'order', CONCAT('bench-', n), ?,
                   CASE WHEN n % 10 = 9 THEN IF(n % 20 = 9, ?, ?) ELSE NULL END,
                   IF(n % 50 = 1, ?, NULL), ?
            FROM bench_seq WHERE n < ?`,
      [USERS, ARTICLES, COLUMNS, PAST, new Date('2026-03-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z'), PAST, PAST, ENTITLEMENTS],
    ),
  );
  await timed(`reading_progress (${PROGRESS.toLocaleString()})`, () =>
    db.raw(
      `INSERT INTO reading_progress (user_id, article_id, percent, position_sec, duration_sec, completed, completed_at, last_report_at, created_at)
            SELECT n % ? + 1, ((n % ?) * 31 + FLOOR(n / ?) * 997) % ? + 1, n % 101, n % 600, n % 900, n % 101 >= 90, NULL, ?, ?
            FROM bench_seq WHERE n < ?`,
      [USERS, USERS, USERS, ARTICLES, PAST, PAST, PROGRESS],
    ),
  );
  if (process.env.BENCH_NO_DIGEST !== '1')
    await timed('grants digests (as the entitlements writers keep them)', () => seedGrantsDigests(db, NOW));
  await timed('ANALYZE TABLE', () => db.raw('ANALYZE TABLE users, columns, articles, entitlements, reading_progress'));
  await db.raw('SET SESSION foreign_key_checks = 1');
  await db.raw('SET SESSION unique_checks = 1');
}

/** SEED.md `canAccessArticle`, one query per step, over our tables. */
async function seedAlgorithm(db: Knex, userId: number, articleId: number, now: Date): Promise<boolean> {
  const article = await db('articles as a')
    .join('columns as c', 'c.id', 'a.column_id')
    .select('a.*', 'c.id as col_id', 'c.title as col_title')
    .where('a.id', articleId)
    .first();
  if (!article) return false;
  if (toBool(article.is_free)) return true;
  const single = await db('entitlements')
    .where({ user_id: userId, scope: 'article', item_id: articleId })
    .whereNull('revoked_at')
    .first('id');
  if (single) return true;
  const column = await db('entitlements')
    .where({ user_id: userId, scope: 'column', item_id: article.column_id })
    .whereNull('revoked_at')
    .first('id');
  if (column) return true;
  const membership = await db('entitlements').where({ user_id: userId, scope: 'membership' }).where('expires_at', '>', now).first('id');
  return Boolean(membership);
}

/** Ours starts from the caller's openid, as access.article does: identity, facts and the one body in one statement. */
async function ours(db: Knex, userId: number, articleId: number, now: Date): Promise<boolean> {
  const loaded = await loadArticleForReading(db, articleId, openidOf(userId), now);
  return (
    loaded !== null &&
    decideReading(loaded.facts, loaded.entitlements, now).exists &&
    decideAccess(loaded.facts, loaded.entitlements, now).granted
  );
}
const openidOf = (userId: number) => `bench-${userId - 1}`;

const RTT_MS = Number(process.env.BENCH_RTT_MS ?? 1);

/**
 * A TCP relay to MySQL that holds every server→client chunk for `delayMs`: each round trip then
 * pays a network hop, like a cloud function talking to TencentDB. The hold is measured with the
 * high-resolution clock and released by polling the event loop (setImmediate), not by a timer:
 * Node's timers count whole milliseconds from the loop's cached time, so `setTimeout(…, 1)`
 * added anywhere from ~0.3 to ~2 ms depending on what the loop did before the chunk arrived —
 * measured 0.97 ms per round trip for the seed's short queries and 1.25 ms for ours in the same
 * run. Polling keeps one core busy while a chunk waits; the bench waits for it anyway.
 */
async function latencyProxy(mysqlUrl: URL, delayMs: number): Promise<{ url: string; close(): void }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(mysqlUrl.port || 3306), mysqlUrl.hostname);
    sockets.add(client).add(upstream);
    client.on('data', (chunk) => upstream.write(chunk));
    const held: Array<{ due: bigint; chunk: Buffer }> = [];
    const release = () => {
      const now = process.hrtime.bigint();
      while (held.length && held[0].due <= now) {
        const { chunk } = held.shift()!;
        if (!client.destroyed) client.write(chunk);
      }
      if (held.length) setImmediate(release);
    };
    upstream.on('data', (chunk: Buffer) => {
      held.push({ due: process.hrtime.bigint() + BigInt(Math.round(delayMs * 1e6)), chunk });
      if (held.length === 1) setImmediate(release);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxied = new URL(mysqlUrl.toString());
  proxied.hostname = '127.0.0.1';
  proxied.port = String((server.address() as net.AddressInfo).port);
  return {
    url: proxied.toString(),
    close() {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

interface Measured {
  p50Ratio: number;
  paywallP50Ratio: number;
  grantedP50Ratio: number;
  queriesPerDecision: number;
  seedQueriesPerDecision: number;
}

async function measure(db: Knex, pairs: Array<[number, number]>, label: string): Promise<Measured> {
  let queries = 0;
  db.on('query', () => (queries += 1));
  const run = async (algo: typeof ours, userId: number, articleId: number) => {
    const q0 = queries;
    const t0 = process.hrtime.bigint();
    const granted = await algo(db, userId, articleId, NOW);
    return { ms: Number(process.hrtime.bigint() - t0) / 1e6, queries: queries - q0, granted };
  };
  for (const [u, a] of pairs.slice(0, 200)) {
    await run(ours, u, a);
    await run(seedAlgorithm, u, a);
  }
  type Series = { ms: number[]; q: number; n: number };
  const blank = (): { ours: Series; seed: Series } => ({ ours: { ms: [], q: 0, n: 0 }, seed: { ms: [], q: 0, n: 0 } });
  const groups = { all: blank(), paywall: blank(), granted: blank() };
  let disagree = 0;
  for (const [i, [u, a]] of pairs.entries()) {
    // Alternate who goes first so caches and the connection warm both alike.
    const o1 = i % 2 === 0 ? await run(ours, u, a) : undefined;
    const y = await run(seedAlgorithm, u, a);
    const o = o1 ?? (await run(ours, u, a));
    if (o.granted !== y.granted) disagree += 1;
    for (const g of [groups.all, o.granted ? groups.granted : groups.paywall]) {
      g.ours.ms.push(o.ms);
      g.ours.q += o.queries;
      g.ours.n += 1;
      g.seed.ms.push(y.ms);
      g.seed.q += y.queries;
      g.seed.n += 1;
    }
  }
  console.log(`\n${label}: ${pairs.length} decisions, same pairs, same run`);
  console.log(
    `${'sample'.padEnd(22)} ${'algorithm'.padEnd(40)} ${'queries/op'.padStart(10)} ${'p50 ms'.padStart(9)} ${'p99 ms'.padStart(9)} ${'p50 ratio'.padStart(10)}`,
  );
  for (const [name, g] of Object.entries(groups)) {
    if (!g.ours.n) continue;
    for (const r of [g.ours, g.seed]) r.ms.sort((p, q) => p - q);
    const ratio = percentile(g.seed.ms, 50) / percentile(g.ours.ms, 50);
    const line = (algo: string, r: Series, extra: string) =>
      console.log(
        `${(name + ` (${r.n})`).padEnd(22)} ${algo.padEnd(40)} ${(r.q / r.n).toFixed(2).padStart(10)} ${percentile(r.ms, 50).toFixed(3).padStart(9)} ${percentile(r.ms, 99).toFixed(3).padStart(9)} ${extra.padStart(10)}`,
      );
    line('ours: openid → one statement + policy', g.ours, '');
    line('seed: article, single, column, member', g.seed, `${ratio.toFixed(2)}×`);
  }
  const all = groups.all;
  console.log(
    `ratio seed/ours (all): p50 ${(percentile(all.seed.ms, 50) / percentile(all.ours.ms, 50)).toFixed(2)}×, ` +
      `p99 ${(percentile(all.seed.ms, 99) / percentile(all.ours.ms, 99)).toFixed(2)}×   (goal: loopback ≥ 2.0× all, ≥ 3.0× paywall; +1 ms hop ≥ 2.5×)`,
  );
  console.log(`answers differ on ${disagree} pairs — the seed ignores expiry of purchases and whether a column is member-included`);
  const p50 = (g: { ours: Series; seed: Series }) => (g.ours.n ? percentile(g.seed.ms, 50) / percentile(g.ours.ms, 50) : NaN);
  db.removeAllListeners('query');
  return {
    p50Ratio: p50(groups.all),
    paywallP50Ratio: p50(groups.paywall),
    grantedP50Ratio: p50(groups.granted),
    queriesPerDecision: all.ours.q / all.ours.n,
    seedQueriesPerDecision: all.seed.q / all.seed.n,
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** A small deterministic PRNG, so every run samples the same pairs. */
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const round = (x: number) => Number(x.toFixed(2));

export async function benchAccess(): Promise<void> {
  const totalStart = process.hrtime.bigint();
  let summary: Record<string, unknown> = {};
  await withScratchDatabase('bench_access', async ({ name, url }) => {
    const db = createDb({ mysqlUrl: url, poolMax: 1 });
    try {
      console.log(`\n访问判定 / access decision — MySQL database ${name}\n\nseeding:`);
      await migrateLatest(db);
      const seedStart = process.hrtime.bigint();
      await seed(db);
      const seedSec = Number(process.hrtime.bigint() - seedStart) / 1e9;
      const counts = await db.raw(`SELECT (SELECT COUNT(*) FROM users) u, (SELECT COUNT(*) FROM articles) a,
                                    (SELECT COUNT(*) FROM entitlements) e, (SELECT COUNT(*) FROM reading_progress) p`);
      const c = counts[0][0];
      console.log(
        `  seeded ${Number(c.u).toLocaleString()} users, ${Number(c.a).toLocaleString()} articles, ` +
          `${Number(c.e).toLocaleString()} entitlements, ${Number(c.p).toLocaleString()} progress rows in ${seedSec.toFixed(1)} s\n`,
      );

      // Half uniformly random pairs (mostly the paywall: no entitlement), half pairs taken from
      // real entitlement rows (buyers opening what they bought) — the same list for both.
      const rand = mulberry32(20261126);
      const pairs: Array<[number, number]> = [];
      for (let i = 0; i < SAMPLES / 2; i++) pairs.push([1 + Math.floor(rand() * USERS), 1 + Math.floor(rand() * ARTICLES)]);
      const owned = await db('entitlements')
        .select('user_id', 'item_id')
        .where('scope', 'article')
        .whereIn(
          'id',
          Array.from({ length: SAMPLES }, () => 1 + Math.floor(rand() * ENTITLEMENTS)),
        );
      for (const r of owned.slice(0, SAMPLES / 2)) pairs.push([Number(r.user_id), Number(r.item_id)]);

      if (process.env.BENCH_EXPLAIN === '1') {
        const explain = await db.raw('EXPLAIN ' + articleForReadingQuery(db, pairs[0][1], openidOf(pairs[0][0]), NOW).toString());
        console.table(explain[0]);
      }
      const loopback = await measure(db, pairs, 'loopback (this machine, no network)');
      // Cloud functions reach TencentDB over the VPC, where every round trip costs network time.
      const proxy = await latencyProxy(new URL(url), RTT_MS);
      let hop: Measured | undefined;
      const remote = createDb({ mysqlUrl: proxy.url, poolMax: 1 });
      try {
        hop = await measure(remote, pairs, `with +${RTT_MS} ms per round trip (simulated VPC hop, as from a cloud function)`);
      } finally {
        await remote.destroy();
        proxy.close();
      }
      summary = {
        bench: 'access',
        loopbackP50Ratio: round(loopback.p50Ratio),
        loopbackPaywallP50Ratio: round(loopback.paywallP50Ratio),
        loopbackGrantedP50Ratio: round(loopback.grantedP50Ratio),
        hopP50Ratio: round(hop!.p50Ratio),
        hopPaywallP50Ratio: round(hop!.paywallP50Ratio),
        queriesPerDecision: round(loopback.queriesPerDecision),
        seedQueriesPerDecision: round(loopback.seedQueriesPerDecision),
        samples: pairs.length,
        bufferPoolMb: BENCH_BUFFER_POOL_MB,
        load1: Number(os.loadavg()[0].toFixed(2)),
      };
    } finally {
      await db.destroy();
    }
  });
  console.log(`total ${(Number(process.hrtime.bigint() - totalStart) / 1e9).toFixed(1)} s (database dropped)`);
  // The headline figures, last, for scripts (ratios: seed ÷ ours, above 1 = faster).
  console.log(JSON.stringify(summary));
}

runWhenMain(module, benchAccess);
