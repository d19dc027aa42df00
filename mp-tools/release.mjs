#!/usr/bin/env node
/**
 * npm run mp:upload / npm run mp:preview — the real WeChat upload, driven by environment
 * variables so CI can run it on a release tag:
 *   MP_APPID             mini program appid (not the DevTools tourist id)
 *   MP_PRIVATE_KEY_PATH  code-upload key from mp.weixin.qq.com (开发管理 → 开发设置 → 小程序代码上传),
 *                        or MP_PRIVATE_KEY with the key text itself (CI secrets)
 *   MP_VERSION           version, e.g. 1.2.0 (upload; defaults to package.json's version)
 *   MP_DESC              description shown in the WeChat console
 *   MP_ROBOT             CI robot number 1–30 (default 1)
 *   MP_BACKEND=cloud, MP_CLOUD_ENV  the backend the uploaded build calls (written into the
 *                        compiled copy; the source keeps local mode for DevTools)
 * The key's IP whitelist must include this machine. Missing settings fail at once with a clear
 * message; the WeChat call itself is bounded by MP_TIMEOUT_SEC (default 300) so it never hangs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileTree, createProject, effectiveMode, loadCi, packNpm, fail, OUT, OUT_MP, ROOT } from './lib.mjs';

const mode = process.argv[2];
if (mode !== 'upload' && mode !== 'preview')
  fail('用法：node mp-tools/release.mjs upload|preview', 'usage: node mp-tools/release.mjs upload|preview');

function readSettings(env = process.env) {
  const missing = [];
  const appid = (env.MP_APPID ?? '').trim();
  if (!appid || appid === 'touristappid') missing.push('MP_APPID');
  let privateKeyPath = (env.MP_PRIVATE_KEY_PATH ?? '').trim();
  if (!privateKeyPath && env.MP_PRIVATE_KEY) {
    privateKeyPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mp-key-')), 'private.key');
    fs.writeFileSync(privateKeyPath, env.MP_PRIVATE_KEY, { mode: 0o600 });
  }
  if (!privateKeyPath) missing.push('MP_PRIVATE_KEY_PATH（或 MP_PRIVATE_KEY）');
  else if (!fs.existsSync(privateKeyPath)) {
    fail(`找不到上传密钥文件：${privateKeyPath}`, `private key file not found: ${privateKeyPath}`);
  }
  if (missing.length) {
    fail(
      `缺少环境变量：${missing.join('、')}。上传/预览需要小程序 appid 和代码上传密钥（公众平台 → 开发管理 → 开发设置 → 小程序代码上传）。`,
      `missing environment variables: ${missing.join(', ')}. Upload/preview needs the appid and the code-upload private key.`,
    );
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const version = (env.MP_VERSION ?? '').replace(/^v/, '').trim() || pkg.version;
  if (!/^\d+\.\d+\.\d+([-.][0-9A-Za-z.]+)?$/.test(version))
    fail(`版本号格式不正确：${version}`, `MP_VERSION must look like 1.2.3, got ${version}`);
  const robot = Number(env.MP_ROBOT ?? 1);
  if (!Number.isInteger(robot) || robot < 1 || robot > 30)
    fail(`MP_ROBOT 必须是 1–30 的整数：${env.MP_ROBOT}`, `MP_ROBOT must be an integer 1-30, got ${env.MP_ROBOT}`);
  const desc = (env.MP_DESC ?? '').trim() || `v${version} 由 CI 上传`;
  const timeoutSec = Number(env.MP_TIMEOUT_SEC ?? 300);
  return { appid, privateKeyPath, version, robot, desc, timeoutSec };
}

const settings = readSettings();

// A build still pointing at the local emulator would ship a mini program that calls 127.0.0.1.
if (effectiveMode() !== 'cloud' && process.env.MP_ALLOW_LOCAL !== '1') {
  fail(
    '这个构建仍会调用本地网关（local 模式）。上传前请设置 MP_BACKEND=cloud 和 MP_CLOUD_ENV=<云环境 ID>；确需上传本地模式，设置 MP_ALLOW_LOCAL=1。',
    'this build would still call the local gateway. Set MP_BACKEND=cloud and MP_CLOUD_ENV=<env id> (or MP_ALLOW_LOCAL=1).',
  );
}

const ci = loadCi();
const { count } = compileTree();
await packNpm(ci, OUT_MP);
console.log(`• 已编译 ${count} 个文件并构建 npm → ${path.relative(ROOT, OUT)}`);
const project = createProject(ci, { appid: settings.appid, privateKeyPath: settings.privateKeyPath });
const setting = { es6: true, minify: true, minifyWXML: true, minifyWXSS: true, autoPrefixWXSS: true };

const timeout = new Promise((_, reject) =>
  setTimeout(() => reject(new Error(`timeout after ${settings.timeoutSec}s`)), settings.timeoutSec * 1000).unref(),
);
try {
  const task =
    mode === 'upload'
      ? ci.upload({
          project,
          version: settings.version,
          desc: settings.desc,
          robot: settings.robot,
          setting,
          onProgressUpdate: () => undefined,
        })
      : ci.preview({
          project,
          version: settings.version,
          desc: settings.desc,
          robot: settings.robot,
          setting,
          qrcodeFormat: 'image',
          qrcodeOutputDest: path.join(ROOT, 'dist', 'preview-qrcode.jpg'),
          onProgressUpdate: () => undefined,
        });
  const result = await Promise.race([task, timeout]);
  console.log(mode === 'upload' ? `✔ 已上传 v${settings.version}（机器人 ${settings.robot}）` : '✔ 预览二维码：dist/preview-qrcode.jpg');
  if (result?.subPackageInfo) for (const p of result.subPackageInfo) console.log(`  ${p.name}: ${(p.size / 1024).toFixed(1)} KB`);
  process.exit(0);
} catch (err) {
  fail(
    `${mode === 'upload' ? '上传' : '预览'}失败：${err?.message ?? err}。请检查 appid、密钥、IP 白名单与网络。`,
    `${mode} failed: ${err?.message ?? err}. Check the appid, the key, its IP whitelist and the network.`,
  );
}
