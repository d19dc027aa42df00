import { randomBytes } from 'node:crypto';
import type { Clock } from '../../ports/clock';
import type {
  PaymentGateway,
  PrepayRequest,
  PrepayResult,
  RefundRequest,
  RefundResult,
  TradeQueryResult,
  TradeState,
} from '../../ports/payment-gateway';
import { formatBeijingCompact } from './wechat-time';

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

/** The event cloud pay hands the callback function (WECHAT-FACTS.md: camelCase, success only). */
export interface CloudPayCallbackEvent {
  returnCode: string;
  resultCode: string;
  appid: string;
  mchId: string;
  subAppid: string;
  subMchId: string;
  openid: string;
  subOpenid: string;
  tradeType: string;
  bankType: string;
  totalFee: number;
  cashFee: number;
  feeType: string;
  transactionId: string;
  outTradeNo: string;
  timeEnd: string;
  attach: string;
  [key: string]: unknown;
}

/**
 * The local payment platform: remembers trades in memory (a restart forgets them, like a
 * cashier that was closed — the learner starts payment again) and plays WeChat's part when the
 * cashier page's buttons are pressed. Nothing here grants anything: paying only produces the
 * callback event, which the real pay-notify function judges.
 */
export class SandboxGateway implements PaymentGateway {
  readonly provider = 'sandbox' as const;
  private readonly trades = new Map<string, SandboxTrade>();

  constructor(
    readonly merchantId: string,
    private readonly publicBaseUrl: string,
    private readonly clock: Clock,
  ) {}

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
      cashierUrl: `${this.publicBaseUrl}/sandbox/pay/${encodeURIComponent(req.orderNo)}`,
    };
  }

  async query(orderNo: string): Promise<TradeQueryResult> {
    const trade = this.trades.get(orderNo);
    if (!trade) return { state: 'NOT_FOUND' };
    return { state: trade.state, transactionId: trade.transactionId, amountFen: trade.amountFen, merchantId: this.merchantId, paidAt: trade.paidAt };
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
