/**
 * `npm run bench:pay`: a payment-callback storm against MySQL. Every order's callback arrives
 * 15 times, shuffled, spread over simulated function instances running in parallel, each
 * handling one event at a time with ONE connection (as in the cloud: knex pool {min 0, max 1}). Reports the settled
 * count (must equal the order count), p50/p99 callback latency and the connections used.
 *
 * Env: MYSQL_URL (default mysql://root@127.0.0.1:3306), BENCH_ORDERS (200), BENCH_DUPLICATES (15),
 * BENCH_INSTANCES (20).
 */
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { createDb } from '../server/db/connection';
import { runWhenMain, withScratchDatabase } from './support';
import { migrateLatest } from '../server/db/migrations';
import { loadConfig } from '../server/platform/config';
import { ManualClock } from '../server/ports/clock';
import { memoryLogger } from '../server/runtime/logger';
import { createLocalDeps } from '../server/emulator/local-deps';
import { loadFunction } from '../server/emulator/functions';
import { SandboxGateway } from '../server/adapters/payment/sandbox.gateway';
import type { CloudPayCallbackEvent } from '../server/adapters/payment/cloudpay-callback';
import type { CloudFunction } from '../server/runtime/define-function';
import type { Deps } from '../server/runtime/deps';
import { anonymousCaller } from '../server/runtime/caller';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 200);
const DUPLICATES = Number(process.env.BENCH_DUPLICATES ?? 15);
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 20);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function statusValue(db: Knex, name: string): Promise<number> {
  const [rows] = (await db.raw('SHOW STATUS LIKE ?', [name])) as [Array<{ Value: string }>];
  return Number(rows[0]?.Value ?? NaN);
}

export async function benchPay(): Promise<void> {
  await withScratchDatabase('bench_pay', async ({ url, server: admin }) => {
    const instances: Knex[] = [];
    try {
      const setupDb = createDb({ mysqlUrl: url, poolMax: 4 });
      await migrateLatest(setupDb);
      const clock = new ManualClock('2026-06-01T02:00:00.000Z');
      const now = clock.now();
      const config = loadConfig({ PORT: '0', DATA_DIR: '/nonexistent' });
      // One payment platform, shared by every instance (it is WeChat, not part of an instance).
      const platform = new SandboxGateway(config.pay.sandbox, clock);

      const [columnId] = await setupDb('columns').insert({
        title: '压测专栏',
        intro: '',
        price_fen: 9900,
        status: 'published',
        created_at: now,
        updated_at: now,
      });
      const events: CloudPayCallbackEvent[] = [];
      for (let i = 0; i < ORDERS; i++) {
        const [userId] = await setupDb('users').insert({ openid: `bench-${i}`, created_at: now, updated_at: now });
        const orderNo = `${now.toISOString().replace(/[-:T]/g, '').slice(0, 14)}${randomBytes(8).toString('hex')}`;
        await setupDb('orders').insert({
          order_no: orderNo,
          user_id: userId,
          item_type: 'column',
          item_id: columnId,
          title: '压测专栏',
          amount_fen: 9900,
          status: 'pending',
          provider: 'sandbox',
          pending_key: `${userId}:column:${columnId}`,
          created_at: now,
          expires_at: new Date(now.getTime() + 1800_000),
          updated_at: now,
        });
        await platform.prepay({
          orderNo,
          description: '压测专栏',
          amountFen: 9900,
          openid: `bench-${i}`,
          expiresAt: new Date(now.getTime() + 1800_000),
        });
        events.push(platform.pay(orderNo)!);
      }
      await setupDb.destroy();

      const depsList: Deps[] = [];
      for (let i = 0; i < INSTANCES; i++) {
        const db = createDb({ mysqlUrl: url, poolMax: 1 });
        instances.push(db);
        depsList.push(createLocalDeps({ db, clock, log: memoryLogger(), config, payments: platform }));
      }
      const notify = loadFunction('pay-notify') as unknown as CloudFunction<{ errcode: number }>;
      const caller = anonymousCaller('wx_paycallback');

      // Every order × every duplicate, shuffled, all in flight at once.
      const deliveries = events.flatMap((event) => Array.from({ length: DUPLICATES }, () => event));
      for (let i = deliveries.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [deliveries[i], deliveries[j]] = [deliveries[j], deliveries[i]];
      }
      const threadsBefore = await statusValue(admin, 'Threads_connected');
      let peakThreads = threadsBefore;
      const sampler = setInterval(() => {
        statusValue(admin, 'Threads_connected').then(
          (v) => (peakThreads = Math.max(peakThreads, v)),
          () => undefined,
        );
      }, 25);
      const latencies: number[] = [];
      let acked = 0;
      const started = process.hrtime.bigint();
      // CloudBase runs one event at a time per instance; the storm is the instances in parallel.
      await Promise.all(
        depsList.map(async (deps, instance) => {
          for (let i = instance; i < deliveries.length; i += INSTANCES) {
            const t0 = process.hrtime.bigint();
            const reply = await notify.invoke(deliveries[i], { deps, caller });
            latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
            if (reply.errcode === 0) acked++;
          }
        }),
      );
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      clearInterval(sampler);

      const check = createDb({ mysqlUrl: url, poolMax: 1 });
      const paid = Number((await check('orders').where('status', 'paid').count('* as n').first())?.n);
      const grants = Number((await check('entitlements').where('source', 'order').count('* as n').first())?.n);
      const settledEvents = Number((await check('payment_events').where('verdict', 'settled').count('* as n').first())?.n);
      await check.destroy();
      const maxUsed = await statusValue(admin, 'Max_used_connections');

      latencies.sort((a, b) => a - b);
      console.log(`\n支付回调风暴 / payment callback storm (MySQL, ${INSTANCES} instances × pool 1)\n`);
      console.log(`orders ${ORDERS} · deliveries ${deliveries.length} (${DUPLICATES}× each, shuffled, ${INSTANCES} instances in parallel)`);
      console.log(`settled orders     ${paid} / ${ORDERS}  ${paid === ORDERS ? 'OK' : 'MISMATCH'}`);
      console.log(
        `entitlements       ${grants} (settled events ${settledEvents})  ${grants === ORDERS && settledEvents === ORDERS ? 'OK (exactly once)' : 'MISMATCH'}`,
      );
      console.log(`acknowledged       ${acked} / ${deliveries.length}`);
      console.log(
        `callback latency   p50 ${percentile(latencies, 50).toFixed(1)} ms · p99 ${percentile(latencies, 99).toFixed(1)} ms · max ${latencies[latencies.length - 1].toFixed(1)} ms (WeChat waits 5000 ms)`,
      );
      console.log(`throughput         ${((deliveries.length / wallMs) * 1000).toFixed(0)} callbacks/s over ${wallMs.toFixed(0)} ms`);
      console.log(
        `connections        ours ≤ ${INSTANCES} (pool max 1 per instance); server Threads_connected ${threadsBefore} → peak ${peakThreads}; Max_used_connections (server lifetime) ${maxUsed}`,
      );
      if (paid !== ORDERS || grants !== ORDERS || acked !== deliveries.length) process.exitCode = 1;
    } finally {
      await Promise.all(instances.map((db) => db.destroy()));
    }
  });
}

runWhenMain(module, benchPay);
