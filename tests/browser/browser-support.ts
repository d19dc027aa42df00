import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { bootLocalRuntime, ADMIN_DIST_DIR, type LocalRuntime } from '../../server/emulator/boot';
import { buildCms, cmsBuildState } from '../../server/emulator/cms-build';
import { loadConfig } from '../../server/platform/config';
import { memoryLogger } from '../../server/runtime/logger';
import { createTestDb, type TestDb } from '../support/test-db';
import { listen } from '../support/http';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const ARTIFACTS = path.resolve(__dirname, '../../artifacts/browser');

/** Debian's Chromium, never a downloaded one (no `npx playwright install`). */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`);
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}

/** The CMS as `npm start` serves it, rebuilt when missing or older than its sources (tests must see the code under test). */
export function ensureCmsBuilt(): void {
  if (cmsBuildState(ADMIN_DIST_DIR) !== 'fresh' && !buildCms()) throw new Error('admin-cms build failed');
}

export interface Stack {
  runtime: LocalRuntime;
  base: string;
  mysql: TestDb;
  dataDir: string;
  close(): Promise<void>;
}

/** The real local runtime (what `npm start` boots), in-process on a free port, on a fresh MySQL database. */
export async function startStack(): Promise<Stack> {
  const mysql = await createTestDb();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zs-browser-'));
  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', MYSQL_URL: mysql.url });
  const runtime = await bootLocalRuntime({ config, env: {}, log: memoryLogger() });
  const base = await listen(runtime.server);
  // Cashier and media links point at the real port, known only now.
  runtime.deps.config.publicBaseUrl = base;
  return {
    runtime,
    base,
    mysql,
    dataDir,
    async close() {
      await runtime.close();
      await mysql.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A test file's CMS session: the stack, Chromium and a desktop page whose script errors go into
 * `pageErrors` (each file asserts there were none), with the two moves every walk makes.
 */
export interface CmsSession {
  stack: Stack;
  browser: Browser;
  page: Page;
  /** Clicks a sidebar entry (`data-test="menu-<name>"`). */
  menu(name: string): Promise<void>;
  /** Clicks a footer button of the open dialog. */
  dialogButton(text: string): Promise<void>;
  close(): Promise<void>;
}

export async function openCmsSession(pageErrors: string[]): Promise<CmsSession> {
  ensureCmsBuilt();
  const stack = await startStack();
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  page.on('pageerror', (err) => pageErrors.push(err.message));
  return {
    stack,
    browser,
    page,
    menu: (name) => page.click(`[data-test="menu-${name}"]`),
    dialogButton: (text) => page.locator('.t-dialog__ctx:visible .t-dialog__footer button', { hasText: text }).last().click(),
    async close() {
      await browser.close();
      await stack.close();
    },
  };
}

export async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.waitForTimeout(300); // let transitions and charts settle for a readable picture
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

export async function fn(base: string, name: string, action: string, input: Record<string, unknown> = {}, openid?: string) {
  const res = await fetch(`${base}/fn/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(openid ? { 'x-wx-openid': openid } : {}) },
    body: JSON.stringify({ $url: action, ...input }),
  });
  return (await res.json()) as { ok: boolean; data?: any; error?: { code: string; message: string } };
}
