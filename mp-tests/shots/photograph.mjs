#!/usr/bin/env node
/* global document, getComputedStyle -- the measuring functions run in the page, not in node */
/**
 * Photographs the HTML renders of `npm run mp:shots` (artifacts/mp/html/*.html) with Chromium at
 * 375 px and measures, per page, whatever sticks out past the screen's right (or left) edge.
 * A separate process because playwright does not run inside jest's jsdom realm.
 * Prints one JSON object: { [name]: { scrollWidth, overflow: string[] } }.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { chromium } = require(path.resolve(import.meta.dirname, '../../node_modules/playwright-core'));

const out = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '../../artifacts/mp'));
const WIDTH = 375;
const names = fs
  .readdirSync(path.join(out, 'html'))
  .filter((f) => f.endsWith('.html'))
  .map((f) => f.slice(0, -5))
  .sort();

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
const results = {};
try {
  for (const name of names) {
    // `*-dark` renders show the phone in dark mode (app.json darkmode + the theme variables).
    const page = await browser.newPage({
      viewport: { width: WIDTH, height: 812 },
      deviceScaleFactor: 2,
      colorScheme: name.endsWith('-dark') ? 'dark' : 'light',
    });
    await page.goto(`file://${path.join(out, 'html', `${name}.html`)}`);
    // A viewport as tall as the page, so bars fixed to the bottom sit at the page's bottom.
    const height = await page.evaluate(() => Math.max(812, document.documentElement.scrollHeight));
    await page.setViewportSize({ width: WIDTH, height });
    await page.waitForTimeout(50);
    await page.screenshot({ path: path.join(out, `${name}.png`) });
    results[name] = await page.evaluate((W) => {
      const describe = (el) => `${el.tagName.toLowerCase()}.${Array.from(el.classList).join('.')}`;
      const overflow = [];
      for (const el of Array.from(document.querySelectorAll('body *'))) {
        const r = el.getBoundingClientRect();
        if (!r.width || !r.height || getComputedStyle(el).visibility === 'hidden') continue;
        if (r.right <= W + 0.5 && r.left >= -0.5) continue;
        // Wholly off to the left (a drawing canvas parked out of sight) never makes a page scroll.
        if (r.right <= 0) continue;
        // Inside a box that scrolls or clips sideways (code blocks, tables, ellipsis): fine if that box fits.
        let box = el.parentElement;
        let contained = false;
        while (box && box !== document.body) {
          if (getComputedStyle(box).overflowX !== 'visible') {
            const b = box.getBoundingClientRect();
            contained = b.right <= W + 0.5 && b.left >= -0.5;
            break;
          }
          box = box.parentElement;
        }
        if (!contained) overflow.push(`${describe(el)} [${Math.round(r.left)}, ${Math.round(r.right)}]`);
      }
      return { scrollWidth: document.documentElement.scrollWidth, overflow };
    }, WIDTH);
    await page.close();
  }
} finally {
  await browser.close();
}
process.stdout.write(`${JSON.stringify(results)}\n`);
