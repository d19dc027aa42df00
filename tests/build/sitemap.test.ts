import fs from 'node:fs';
import path from 'node:path';

/** sitemap.json: order, cashier and webview pages stay out of WeChat's index (rules match top-down, `*` last). */
describe('miniprogram/sitemap.json', () => {
  const sitemap = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../miniprogram/sitemap.json'), 'utf8'));
  const app = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../miniprogram/app.json'), 'utf8'));

  it('disallows the order, cashier and webview pages before allowing the rest', () => {
    const rules: Array<{ action: string; page: string }> = sitemap.rules;
    for (const page of ['pages/order/confirm/index', 'pages/order/cashier/index', 'pages/order/webview/index']) {
      expect(app.pages).toContain(page);
      const first = rules.find((r) => r.page === page || r.page === '*');
      expect(first).toEqual({ action: 'disallow', page });
    }
    expect(rules.at(-1)).toEqual({ action: 'allow', page: '*' });
  });
});
