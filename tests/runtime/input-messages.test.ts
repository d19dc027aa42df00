import fs from 'node:fs';
import path from 'node:path';
import { createHarness, type Harness } from '../support/harness';
import { adminToken } from '../functions/admin/admin-support';
import { AUDIT_ACTION_LABELS } from '../../server/domain/audit/audit-labels';

/** Bad input answers in field-specific Chinese; every enum and audit code has a Chinese name from the server. */
describe('Chinese for people: input messages and labels', () => {
  let h: Harness;
  let as: { bearer: string };
  beforeAll(async () => {
    h = await createHarness();
    as = { bearer: await adminToken(h, 'owner-msg', 'owner') };
  });
  afterAll(() => h.close());

  it('a null id (a bad URL in the CMS) says which field and what it must be, not the type checker', async () => {
    const err = await h.fails('INVALID_INPUT', 'admin', 'article.get', { id: null }, as);
    expect(err.details).toEqual([{ field: 'id', message: '编号需为数字' }]);
    const missing = await h.fails('INVALID_INPUT', 'admin', 'column.create', { priceFen: 1, memberIncluded: false }, as);
    expect(missing.details).toEqual([{ field: 'title', message: '请填写标题' }]);
    const long = await h.fails(
      'INVALID_INPUT',
      'admin',
      'column.create',
      { title: 'x'.repeat(129), priceFen: 1, memberIncluded: false },
      as,
    );
    expect(long.details?.[0].message).toBe('标题最多 128 个字符');
    const own = await h.fails('INVALID_INPUT', 'admin', 'grant.create', { openid: 'bad id!', itemType: 'column', itemId: 1 }, as);
    expect(own.details?.[0].message).toBe('openid 格式不正确'); // the schema's own words are kept
    for (const e of [err, missing, long, own]) expect(JSON.stringify(e)).not.toMatch(/无效输入|实际接收|期望/);
  });

  it('labels: one action gives the CMS every enum in Chinese, e.g. the sandbox provider and a succeeded refund', async () => {
    const labels = await h.ok('admin', 'labels', {}, as);
    expect(labels.orderProvider.sandbox).toBe('模拟支付（本地测试）');
    expect(labels.refundStatus.succeeded).toBe('退款成功');
    expect(labels.paymentEventKind.notify).toBe('支付通知');
    expect(labels.paymentVerdict.settled).toBe('已入账');
    expect(labels.auditTarget.admin).toBe('员工');
  });

  it('every audit action code the server writes has a Chinese name', () => {
    const codes = new Set<string>();
    const walk = (dir: string) => {
      for (const name of fs.readdirSync(dir)) {
        const file = path.join(dir, name);
        if (fs.statSync(file).isDirectory()) walk(file);
        else if (file.endsWith('.ts')) {
          const text = fs.readFileSync(file, 'utf8');
          for (const m of text.matchAll(/(?:action: |audited\(ctx, |commentAudit\(|\? |: )'([a-z]+\.[a-zA-Z]+)'/g)) codes.add(m[1]);
        }
      }
    };
    walk(path.resolve(__dirname, '../../server/domain'));
    walk(path.resolve(__dirname, '../../server/emulator'));
    const known = /^(admin|column|chapter|article|plan|grant|order|redeem|comment|staff|media|export)\./;
    const missing = [...codes].filter((c) => known.test(c) && !AUDIT_ACTION_LABELS[c]);
    expect(missing).toEqual([]);
    expect(codes.size).toBeGreaterThan(20);
  });
});
