/**
 * `npm start`: the local CloudBase emulator. Prints where everything is.
 */
import { loadConfig } from '../platform/config';
import { jsonLogger } from '../runtime/logger';
import { ADMIN_DIST_DIR, bootLocalRuntime, DEMO_ADMIN } from './boot';
import { ensureCmsBuilt } from './cms-build';
import { anonymousCaller } from '../runtime/caller';

async function start(): Promise<void> {
  const config = loadConfig(process.env);
  const quiet = process.env.LOG_CALLS !== '1';
  const log = jsonLogger((line) => {
    if (!quiet || line.includes('"level":"error"')) process.stdout.write(line + '\n');
  });
  // Before boot: the gateway decides at creation whether there is a CMS to serve.
  const cmsState = ensureCmsBuilt(ADMIN_DIST_DIR, (line) => process.stdout.write(line));
  const runtime = await bootLocalRuntime({ config, log });
  await new Promise<void>((resolve) => runtime.server.listen(config.port, '127.0.0.1', resolve));
  const address = runtime.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = `http://127.0.0.1:${port}`;
  const lines = [
    '',
    '  知识付费小程序 · 本地运行环境已启动',
    '',
    `  数据库        ${config.mysqlUrl ? 'MySQL ' + new URL(config.mysqlUrl).host : 'SQLite ' + config.sqliteFile}${runtime.seeded ? '（已写入演示内容）' : ''}`,
    `  云函数网关    POST ${base}/fn/<name>   (${[...runtime.functions.keys()].join(', ')})`,
    `  健康检查      ${base}/healthz`,
    `  管理后台      ${base}/admin/   （${cmsState}）`,
    process.env.ADMIN_PASSWORD
      ? `  后台账号      ${process.env.ADMIN_USERNAME ?? DEMO_ADMIN.username} / （ADMIN_PASSWORD 中的密码）`
      : `  后台账号      ${DEMO_ADMIN.username} / ${DEMO_ADMIN.password}   （演示账号${runtime.createdAdmin ? '，已创建' : ''}）`,
    `  小程序本地模式 miniprogram/config/index.ts 中 mode: 'local', gatewayUrl: '${base}'`,
    '',
    `  试一试：curl -s -X POST ${base}/fn/catalog -H 'content-type: application/json' -d '{"$url":"home"}'`,
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');

  // CloudBase timer triggers (cloudbaserc.json), emulated: the pay function's reconcile, every minute.
  const timer = setInterval(() => {
    const pay = runtime.functions.get('pay');
    pay
      ?.invoke({ Type: 'Timer', TriggerName: 'reconcile' }, { deps: runtime.deps, caller: anonymousCaller('wx_trigger') })
      .catch(() => undefined);
    // …and the notice function's dispatch of new-lesson notices.
    runtime.functions
      .get('notice')
      ?.invoke({ Type: 'Timer', TriggerName: 'dispatch' }, { deps: runtime.deps, caller: anonymousCaller('wx_trigger') })
      .catch(() => undefined);
  }, 60_000);
  timer.unref();

  const shutdown = () => {
    runtime.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

start().catch((err) => {
  process.stderr.write(`启动失败：${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
