import { createHarness, callerFor, type Harness } from '../../support/harness';
import { insertColumn } from '../../support/fixtures';
import { orderAndPrepay } from '../../support/payments';
import { createLocalDeps } from '../../../server/emulator/local-deps';
import { loadConfig } from '../../../server/platform/config';
import { loadFunction } from '../../../server/emulator/functions';
import { httpAccessEvent } from '../../../server/emulator/sandbox-cashier';
import { XPaySandboxGateway } from '../../../server/adapters/payment/xpay-sandbox.gateway';
import { refundOrder } from '../../../server/domain/orders/refund.service';
import type { RawPush } from '../../../server/ports/payment-gateway';
import { serviceContext } from '../../support/service-context';

type HttpPush = Extract<RawPush, { via: 'http' }>;

/**
 * The xpay sandbox kept its trades in process memory, so a restart forgot them and refunds of earlier xpay-sandbox
 * payments failed. They live in `xpay_sandbox_trades` now, as the WeChat Pay sandbox's live in `sandbox_trades`: a new
 * process (new deps, new gateway) on the same database knows them.
 */
describe('xpay sandbox trades survive a restart', () => {
  let h: Harness;
  let column: number;
  beforeAll(async () => {
    h = await createHarness({ payProvider: 'xpay-sandbox' });
    column = await insertColumn(h.db, h.clock.now(), { price_fen: 4900 });
  });
  afterAll(() => h.close());

  const restarted = () =>
    createLocalDeps({
      db: h.db,
      clock: h.clock,
      log: h.log,
      config: loadConfig({ PORT: '0', DATA_DIR: '/nonexistent-test-data', PAY_PROVIDER: 'xpay-sandbox' }),
    });
  const deliver = async (push: HttpPush | null) =>
    (await loadFunction('pay-notify').invoke(httpAccessEvent(push!), {
      deps: h.deps,
      caller: callerFor({ source: 'wx_http' }),
    })) as unknown as {
      body: string;
    };

  it('a trade prepaid before the restart is paid after it, and refunded (with its result push) after another', async () => {
    const orderNo = await orderAndPrepay(h, 'xpay-restart-buyer', 'column', column);
    const second = restarted().payments as XPaySandboxGateway;
    expect(second).toBeInstanceOf(XPaySandboxGateway);
    expect(await second.trade(orderNo)).toMatchObject({ state: 'NOTPAY', amountFen: 4900, openid: 'xpay-restart-buyer' });
    expect(await second.signatureValid(orderNo)).toBe(true);
    const push = (await second.pay(orderNo)) as HttpPush;
    expect(push).not.toBeNull();
    expect((await deliver(push)).body).toBe('success');
    expect((await h.db('orders').where('order_no', orderNo).first('status')).status).toBe('paid');

    const third = restarted();
    const refunded = await refundOrder(
      { ...serviceContext(h, { adminId: undefined }), ports: { payments: third.payments } },
      { orderNo, reason: '测试退款' },
    );
    expect(refunded.status).toBe('refunded');
    const fourth = restarted().payments as XPaySandboxGateway;
    expect((await fourth.trade(orderNo))?.state).toBe('REFUND');
    expect((await deliver(await fourth.refundPush(orderNo))).body).toBe('success');
    expect((await h.db('refunds').where('out_refund_no', `R${orderNo}`).first('status')).status).toBe('succeeded');
  });

  it('two presses of 支付 at once pay once (one transaction id)', async () => {
    const orderNo = await orderAndPrepay(h, 'xpay-double-press', 'column', column);
    const [a, b] = await Promise.all([
      (h.deps.payments as XPaySandboxGateway).pay(orderNo),
      (restarted().payments as XPaySandboxGateway).pay(orderNo),
    ]);
    const tx = (p: HttpPush | null) => {
      const n = (h.deps.payments as XPaySandboxGateway).verifyPush(p!, h.clock.now()).notification;
      return n.kind === 'trade' ? n.trade.transactionId : undefined;
    };
    expect(tx(a)).toBeDefined();
    expect(tx(a)).toBe(tx(b));
    expect((await (h.deps.payments as XPaySandboxGateway).trade(orderNo))?.transactionId).toBe(tx(a));
  });

  it('a closed trade cannot be paid, before or after a restart', async () => {
    const orderNo = await orderAndPrepay(h, 'xpay-closer', 'column', column);
    expect(await (h.deps.payments as XPaySandboxGateway).close(orderNo)).toBe('closed');
    expect(await (restarted().payments as XPaySandboxGateway).pay(orderNo)).toBeNull();
  });
});
