/**
 * `npm run bench:cold`: each bundled function's size and cold `require` time in a fresh Node
 * process (median of several runs), next to the cost of the heavy SDKs we load lazily.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildFunctions } from '../scripts/build-functions';
import { runWhenMain } from './support';

const ROOT = path.resolve(__dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

function coldRequireMs(target: string): number {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const out = execFileSync(
      process.execPath,
      [
        '-e',
        `const t=process.hrtime.bigint();require(${JSON.stringify(target)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`,
      ],
      { env: { PATH: process.env.PATH, NODE_PATH: path.join(ROOT, 'node_modules') }, cwd: os.tmpdir() },
    ).toString();
    samples.push(Number(out));
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

export async function benchColdStart(): Promise<void> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'zs-cold-'));
  try {
    const built = await buildFunctions(out);
    console.log(`\n冷启动 / cold start (median of ${RUNS} fresh processes)\n`);
    console.log('function      bundle KB   require ms   external deps');
    for (const f of built) {
      const ms = coldRequireMs(path.join(f.dir, 'index.js'));
      console.log(
        `${f.name.padEnd(12)} ${(f.bytes / 1024).toFixed(1).padStart(10)} ${ms.toFixed(1).padStart(12)}   ${Object.keys(f.dependencies).join(', ')}`,
      );
    }
    console.log('\nSDKs loaded lazily (only by the actions that need them):');
    for (const sdk of ['wx-server-sdk', '@cloudbase/node-sdk', 'wechatpay-node-v3']) {
      console.log(
        `  ${sdk.padEnd(22)} ${coldRequireMs(path.join(ROOT, 'node_modules', sdk))
          .toFixed(1)
          .padStart(8)} ms if required at cold start`,
      );
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

runWhenMain(module, benchColdStart);
