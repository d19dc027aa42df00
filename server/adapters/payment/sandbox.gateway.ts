import { randomBytes } from 'node:crypto';
import { memoryTradeStore, type SandboxTradeStore } from './sandbox-trade-store';
import type { Knex } from 'knex';
import type { Clock } from '../../ports/clock';
import { toDate, toNum } from '../../db/values';
import type {
  PaymentGateway,
  PaymentNotification,
  PrepayRequest,
  PrepayResult,
  RefundRequest,
  RefundResult,
  ReportedTrade,
  TradeState,
} from '../../ports/payment-gateway';
import { readCloudPayCallback, type CloudPayCallbackEvent } from './cloudpay-callback';
import { formatBeijingCompact } from './wechat-time';

/** What config.ts reads for the local cashier. */
export interface SandboxPaySettings {
  /** The merchant id the cashier stamps on its callbacks (SANDBOX_MCH_ID). */
  merchantId: string;
  /** Where the emulator serves the cashier page (PUBLIC_BASE_URL). */
  publicBaseUrl: string;
}

interface SandboxTrade {
  orderNo: string;
  description: string;
  amountFen: number;
  openid: string;
  state: TradeState;
  transactionId?: string;
  paidAt?: Date;
  refundedFen: number;
}

/** Where the sandbox keeps its trades: the database (npm start, tests) or, without one, this process (bench). */
type TradeStore = SandboxTradeStore<SandboxTrade>;

function memoryStore(): TradeStore {
  return memoryTradeStore<SandboxTrade>();
}

function databaseStore(db: Knex): TradeStore {
  const toTrade = (r: Record<string, unknown>): SandboxTrade => ({
    orderNo: String(r.order_no),
    description: String(r.description),
    amountFen: toNum(r.amount_fen),
    openid: String(r.openid),
    state: r.state as TradeState,
    transactionId: typeof r.transaction_id === 'string' ? r.transaction_id : undefined,
    paidAt: toDate(r.paid_at) ?? undefined,
    refundedFen: toNum(r.refunded_fen),
  });
  const columns = (f: Partial<SandboxTrade>) => ({
    ...(f.transactionId !== undefined ? { transaction_id: f.transactionId } : {}),
    ...(f.paidAt !== undefined ? { paid_at: f.paidAt } : {}),
    ...(f.refundedFen !== undefined ? { refunded_fen: f.refundedFen } : {}),
  });
  return {
    async get(orderNo) {
      const row = await db('sandbox_trades').where('order_no', orderNo).first();
      return row ? toTrade(row) : null;
    },
    async open(t, now) {
      const row = { description: t.description.slice(0, 128), amount_fen: t.amountFen, openid: t.openid.slice(0, 64), state: 'NOTPAY' };
      await db('sandbox_trades')
        .insert({ order_no: t.orderNo, ...row, refunded_fen: 0, created_at: now, updated_at: now })
        .onConflict('order_no')
        .ignore();
      await db('sandbox_trades')
        .where({ order_no: t.orderNo, state: 'NOTPAY' })
        .update({ ...row, updated_at: now });
    },
    async move(orderNo, from, to, fields, now) {
      const n = await db('sandbox_trades')
        .where('order_no', orderNo)
        .whereIn('state', from)
        .update({ ...columns(fields), state: to, updated_at: now });
      return n === 1;
    },
  };
}

/**
 * The local payment platform: remembers trades in the database (`sandbox_trades`; a restart forgets nothing) and
 * plays WeChat's part when the cashier page's buttons are pressed. Nothing here grants anything: paying only
 * produces the callback event, which the real pay-notify function judges. Each state change is one conditional
 * update, so two presses of 支付 at once pay once.
 */
export class SandboxGateway implements PaymentGateway {
  readonly provider = 'sandbox' as const;
  readonly merchantId: string;
  private readonly store: TradeStore;

  constructor(
    private readonly settings: SandboxPaySettings,
    private readonly clock: Clock,
    db?: Knex,
  ) {
    this.merchantId = settings.merchantId;
    this.store = db ? databaseStore(db) : memoryStore();
  }

  async prepay(req: PrepayRequest): Promise<PrepayResult> {
    await this.store.open(
      { orderNo: req.orderNo, description: req.description, amountFen: req.amountFen, openid: req.openid, state: 'NOTPAY', refundedFen: 0 },
      this.clock.now(),
    );
    return {
      // Shaped like the real object so the mini program code path is the same; it cannot pay.
      payment: {
        timeStamp: String(Math.floor(this.clock.now().getTime() / 1000)),
        nonceStr: randomBytes(16).toString('hex'),
        package: `prepay_id=sandbox_${req.orderNo}`,
        signType: 'MD5',
        paySign: 'SANDBOX',
      },
      cashierUrl: `${this.settings.publicBaseUrl}/sandbox/pay/${encodeURIComponent(req.orderNo)}`,
    };
  }

  async query(orderNo: string): Promise<ReportedTrade> {
    const trade = await this.store.get(orderNo);
    if (!trade) return { state: 'NOT_FOUND' };
    return {
      state: trade.state,
      transactionId: trade.transactionId,
      amountFen: trade.amountFen,
      merchantId: this.merchantId,
      paidAt: trade.paidAt,
    };
  }

  async close(orderNo: string): Promise<'closed' | 'paid'> {
    await this.store.move(orderNo, ['NOTPAY'], 'CLOSED', {}, this.clock.now());
    const trade = await this.store.get(orderNo);
    return trade?.state === 'SUCCESS' || trade?.state === 'REFUND' ? 'paid' : 'closed';
  }

  async refund(req: RefundRequest): Promise<RefundResult> {
    const trade = await this.store.get(req.orderNo);
    if (!trade || (trade.state !== 'SUCCESS' && trade.state !== 'REFUND')) return { accepted: false, detail: 'TRADE_NOT_PAID' };
    if (req.refundFen > trade.amountFen) return { accepted: false, detail: 'INVALID_REFUND_AMOUNT' };
    // One refund per out_refund_no (the domain's is stable per order), as WeChat keys them.
    await this.store.move(req.orderNo, ['SUCCESS'], 'REFUND', { refundedFen: req.refundFen }, this.clock.now());
    return { accepted: true, refundId: `sandbox_refund_${req.outRefundNo}` };
  }

  /** The cashier hands pay-notify cloud pay's own callback event, so it is read as cloud pay reads it. */
  readCallback(event: Record<string, unknown>): PaymentNotification {
    return readCloudPayCallback(event);
  }

  /** What the cashier shows (null: no such trade). */
  async trade(orderNo: string): Promise<Readonly<SandboxTrade> | null> {
    return this.store.get(orderNo);
  }

  /** The learner presses 支付: the trade is paid (once, however often pressed) and the platform's callback event is returned. */
  async pay(orderNo: string): Promise<CloudPayCallbackEvent | null> {
    const now = this.clock.now();
    await this.store.move(
      orderNo,
      ['NOTPAY'],
      'SUCCESS',
      { transactionId: `42000${randomBytes(12).toString('hex')}`.slice(0, 28), paidAt: now },
      now,
    );
    const trade = await this.store.get(orderNo);
    if (!trade || trade.state !== 'SUCCESS') return null;
    return {
      returnCode: 'SUCCESS',
      resultCode: 'SUCCESS',
      appid: 'wxsandboxappid',
      mchId: this.merchantId,
      subAppid: 'wxsandboxappid',
      subMchId: this.merchantId,
      openid: trade.openid,
      subOpenid: trade.openid,
      tradeType: 'JSAPI',
      bankType: 'OTHERS',
      totalFee: trade.amountFen,
      cashFee: trade.amountFen,
      feeType: 'CNY',
      transactionId: trade.transactionId!,
      outTradeNo: trade.orderNo,
      timeEnd: formatBeijingCompact(trade.paidAt!),
      attach: '',
    };
  }
}
