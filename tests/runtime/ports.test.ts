import { z } from 'zod';
import { defineFunction } from '../../server/runtime/define-function';
import { action, anyone } from '../../server/runtime/action';
import { loadAllFunctions } from '../../server/emulator/functions';
import { buildFunctions } from '../../scripts/build-functions';
import { createHarness, callerFor, type Harness } from '../support/harness';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Each function declares the platform ports it uses (cloudPorts). Locally the declaration is
 * enforced — an action reaching an undeclared port fails — so the cloud, which builds only the
 * declared adapters, can never meet a port it lacks.
 */
describe('declared platform ports', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  const probe = (cloudPorts?: Record<string, () => never>) =>
    defineFunction(
      'probe',
      {
        pay: action({
          summary: 'touches the payment port',
          audience: anyone,
          input: z.strictObject({}),
          handler: async (ctx) => ctx.deps.payments.provider,
        }),
      },
      { cloudPorts },
    );

  it('an action using an undeclared port fails (INTERNAL, logged with the port name)', async () => {
    const res = await probe().invoke({ $url: 'pay' }, { deps: h.deps, caller: callerFor() });
    expect(res).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(h.log.lines.some((l) => l.event === 'function.crash' && String(l.error).includes('payments port'))).toBe(true);
  });

  it('a declared port is the shared adapter', async () => {
    const res = await probe({
      payments: () => {
        throw new Error('cloud only');
      },
    }).invoke({ $url: 'pay' }, { deps: h.deps, caller: callerFor() });
    expect(res).toEqual({ ok: true, data: h.deps.payments.provider });
  });

  it('each bundle lists only the SDKs of the ports its function declares', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'zs-ports-'));
    try {
      const built = new Map((await buildFunctions(out)).map((f) => [f.name, Object.keys(f.dependencies)]));
      for (const [name, fn] of loadAllFunctions()) {
        const deps = built.get(name)!;
        const ports = Object.keys(fn.cloudPorts);
        expect(deps).toEqual(expect.arrayContaining(['knex', 'mysql2']));
        if (!ports.includes('payments')) expect(deps).not.toContain('wechatpay-node-v3');
        if (!ports.includes('adminAuth') && !ports.includes('media')) expect(deps).not.toContain('@cloudbase/node-sdk');
      }
      expect(built.get('catalog')).toEqual(['knex', 'mysql2']);
      expect(built.get('progress')).toEqual(['knex', 'mysql2']);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
