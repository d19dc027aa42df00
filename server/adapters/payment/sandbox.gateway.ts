import { randomBytes } from 'node:crypto';
import type { Clock } from '../../ports/clock';
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
  refunds: Set<string>;
}

/**
 * The local payment platform: remembers trades in memory (a restart forgets them, like a
 * cashier that was closed — the learner starts payment again) and plays WeChat's part when the
 * cashier page's buttons are pressed. Nothing here grants anything: paying only produces the
 * callback event, which the real pay-notify function judges.
 */
export class SandboxGateway implements PaymentGateway {
  readonly provider = 'sandbox' as const;
  readonly merchantId: string;
  private readonly trades = new Map<string, SandboxTrade>();

  constructor(
    private readonly settings: SandboxPaySettings,
    private readonly clock: Clock,
  ) {
    this.merchantId = settings.merchantId;
  }

  async prepay(req: PrepayRequest): Promise<PrepayResult> {
    const existing = this.trades.get(req.orderNo);
    if (!existing || existing.state === 'NOTPAY') {
      this.trades.set(req.orderNo, {
        orderNo: req.orderNo,
        description: req.description,
        amountFen: req.amountFen,
        openid: req.openid,
        state: 'NOTPAY',
        refunds: new Set(),
      });
    }
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
    const trade = this.trades.get(orderNo);
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
    const trade = this.trades.get(orderNo);
    if (trade?.state === 'SUCCESS' || trade?.state === 'REFUND') return 'paid';
    if (trade) trade.state = 'CLOSED';
    return 'closed';
  }

  async refund(req: RefundRequest): Promise<RefundResult> {
    const trade = this.trades.get(req.orderNo);
    if (!trade || (trade.state !== 'SUCCESS' && trade.state !== 'REFUND')) return { accepted: false, detail: 'TRADE_NOT_PAID' };
    if (req.refundFen > trade.amountFen) return { accepted: false, detail: 'INVALID_REFUND_AMOUNT' };
    trade.refunds.add(req.outRefundNo);
    trade.state = 'REFUND';
    return { accepted: true, refundId: `sandbox_refund_${req.outRefundNo}` };
  }

  /** The cashier hands pay-notify cloud pay's own callback event, so it is read as cloud pay reads it. */
  readCallback(event: Record<string, unknown>): PaymentNotification {
    return readCloudPayCallback(event);
  }

  /** What the cashier shows (null: no such trade in this process). */
  trade(orderNo: string): Readonly<SandboxTrade> | null {
    return this.trades.get(orderNo) ?? null;
  }

  /** The learner presses 支付: the trade is paid and the platform's callback event is returned. */
  pay(orderNo: string): CloudPayCallbackEvent | null {
    const trade = this.trades.get(orderNo);
    if (!trade || trade.state === 'CLOSED' || trade.state === 'REFUND') return null;
    if (trade.state !== 'SUCCESS') {
      trade.state = 'SUCCESS';
      trade.transactionId = `42000${randomBytes(12).toString('hex')}`.slice(0, 28);
      trade.paidAt = this.clock.now();
    }
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
