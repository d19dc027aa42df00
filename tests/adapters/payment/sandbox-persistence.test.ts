import { createHarness, type Harness } from '../../support/harness';
import { insertColumn } from '../../support/fixtures';
import { notify, orderAndPrepay } from '../../support/payments';
import { createLocalDeps } from '../../../server/emulator/local-deps';
import { loadConfig } from '../../../server/platform/config';
import { SandboxGateway } from '../../../server/adapters/payment/sandbox.gateway';
import { refundOrder } from '../../../server/domain/orders/refund.service';
import { serviceContext } from '../../support/service-context';

/**
 * Issue 14: sandbox trades lived in process memory, so a restart forgot them and refunds of earlier sandbox payments
 * failed. They live in `sandbox_trades` now: a new process (new deps, new gateway) on the same database knows them.
 */
describe('sandbox trades survive a restart', () => {
  let h: Harness;
  let column: number;
  beforeAll(async () => {
    h = await createHarness();
    column = await insertColumn(h.db, h.clock.now(), { price_fen: 4900 });
  });
  afterAll(() => h.close());

  const restarted = () =>
    createLocalDeps({ db: h.db, clock: h.clock, log: h.log, config: loadConfig({ PORT: '0', DATA_DIR: '/nonexistent-test-data' }) });

  it('a trade prepaid before the restart is paid at the cashier after it, and refunded after another', async () => {
    const orderNo = await orderAndPrepay(h, 'restart-buyer', 'column', column);
    const second = restarted().payments as SandboxGateway;
    expect(await second.trade(orderNo)).toMatchObject({ state: 'NOTPAY', amountFen: 4900 });
    const event = await second.pay(orderNo);
    expect(event).not.toBeNull();
    expect((await notify(h, event)).errcode).toBe(0);

    const third = restarted();
    const refunded = await refundOrder(
      { ...serviceContext(h, { adminId: undefined }), ports: { payments: third.payments } },
      {
        orderNo,
        reason: '测试退款',
      },
    );
    expect(refunded.status).toBe('refunded');
    expect((await (third.payments as SandboxGateway).trade(orderNo))?.state).toBe('REFUND');
  });

  it('two presses of 支付 at once pay once (one transaction id)', async () => {
    const orderNo = await orderAndPrepay(h, 'double-press', 'column', column);
    const [a, b] = await Promise.all([
      (h.deps.payments as SandboxGateway).pay(orderNo),
      (restarted().payments as SandboxGateway).pay(orderNo),
    ]);
    expect(a?.transactionId).toBeDefined();
    expect(a?.transactionId).toBe(b?.transactionId);
  });
});
