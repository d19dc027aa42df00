import { createHash, randomBytes } from 'node:crypto';
import { memoryTradeStore, type SandboxTradeStore } from './sandbox-trade-store';
import type { Knex } from 'knex';
import type { Clock } from '../../ports/clock';
import { toBool, toDate, toNum } from '../../db/values';
import type {
  PaymentGateway,
  Payer,
  PrepayRequest,
  PrepayResult,
  HttpPush,
  RawPush,
  ReadPush,
  RefundRequest,
  RefundResult,
  ReportedTrade,
  TradeState,
} from '../../ports/payment-gateway';
import { GatewayError } from '../../ports/payment-gateway';
import { readXPayPush, toRejection } from './xpay/xpay-notification';
import {
  createPushVerifier,
  encryptMessage,
  decodeEncodingAesKey,
  messageSignature,
  urlSignature,
  XPayPushRejected,
} from './xpay/xpay-push';
import { CLIENT_PAY_URI, hexDigestEquals, paySig, signVirtualPayment } from './xpay/xpay-sign';

/** What config.ts reads for the local virtual-payment platform (XPAY_SANDBOX_* with working defaults). */
export interface XPaySandboxSettings {
  appId: string;
  offerId: string;
  /** The 沙箱 AppKey: signData and every push are signed exactly as the live platform signs them. */
  sandboxAppKey: string;
  pushToken: string;
  pushEncodingAesKey: string;
  /** Where the emulator serves the cashier (PUBLIC_BASE_URL). */
  publicBaseUrl: string;
}

export const XPAY_SANDBOX_DEFAULTS = {
  appId: 'wxsandboxappid',
  offerId: '1450000000',
  sandboxAppKey: 'xpay-sandbox-appkey',
  pushToken: 'xpaysandboxtoken',
  // 43 characters of base64, as MP shows an EncodingAESKey.
  pushEncodingAesKey: 'c2FuZGJveGVuY29kaW5nYWVza2V5Zm9yeHBheXB1c2g',
} as const;

/**
 * The session_key the sandbox signs with when a learner never called `user.login` (tests that go
 * straight to prepay). The real adapter refuses to sign without one; the sandbox is only the
 * emulator's stand-in for WeChat, which knows every session key.
 */
export const sandboxSessionKey = (openid: string) =>
  createHash('sha256').update(`xpay-sandbox-session:${openid}`).digest('base64').slice(0, 24);

interface SandboxXPayTrade {
  orderNo: string;
  description: string;
  openid: string;
  productId: string;
  amountFen: number;
  signData: string;
  paySig: string;
  state: TradeState;
  transactionId?: string;
  paidAt?: Date;
  delivered: boolean;
  /** The first refund this sandbox accepted (the domain's out_refund_no is stable per order). */
  outRefundNo?: string;
}

/** Where the sandbox keeps its trades: the database (npm start, tests) or, without one, this process (bench). */
interface TradeStore extends SandboxTradeStore<SandboxXPayTrade> {
  /** Sets the fields whatever the state; `outRefundNo` only when none is recorded yet. */
  note(orderNo: string, fields: Pick<Partial<SandboxXPayTrade>, 'delivered' | 'outRefundNo'>, now: Date): Promise<void>;
}

function memoryStore(): TradeStore {
  const store = memoryTradeStore<SandboxXPayTrade>();
  return {
    ...store,
    async note(orderNo, fields) {
      const t = store.trades.get(orderNo);
      if (!t) return;
      if (fields.delivered !== undefined) t.delivered = fields.delivered;
      if (fields.outRefundNo !== undefined && t.outRefundNo === undefined) t.outRefundNo = fields.outRefundNo;
    },
  };
}

const TABLE = 'xpay_sandbox_trades';

function databaseStore(db: Knex): TradeStore {
  const toTrade = (r: Record<string, unknown>): SandboxXPayTrade => ({
    orderNo: String(r.order_no),
    description: String(r.description),
    openid: String(r.openid),
    productId: String(r.product_id),
    amountFen: toNum(r.amount_fen),
    signData: String(r.sign_data),
    paySig: String(r.pay_sig),
    state: r.state as TradeState,
    transactionId: typeof r.transaction_id === 'string' ? r.transaction_id : undefined,
    paidAt: toDate(r.paid_at) ?? undefined,
    delivered: toBool(r.delivered),
    outRefundNo: typeof r.out_refund_no === 'string' ? r.out_refund_no : undefined,
  });
  const columns = (f: Partial<SandboxXPayTrade>) => ({
    ...(f.transactionId !== undefined ? { transaction_id: f.transactionId } : {}),
    ...(f.paidAt !== undefined ? { paid_at: f.paidAt } : {}),
  });
  return {
    async get(orderNo) {
      const row = await db(TABLE).where('order_no', orderNo).first();
      return row ? toTrade(row) : null;
    },
    async open(t, now) {
      const row = {
        description: t.description.slice(0, 128),
        openid: t.openid.slice(0, 64),
        product_id: t.productId,
        amount_fen: t.amountFen,
        sign_data: t.signData,
        pay_sig: t.paySig,
        state: 'NOTPAY',
        delivered: false,
      };
      await db(TABLE)
        .insert({ order_no: t.orderNo, ...row, created_at: now, updated_at: now })
        .onConflict('order_no')
        .ignore();
      await db(TABLE)
        .where({ order_no: t.orderNo, state: 'NOTPAY' })
        .update({ ...row, updated_at: now });
    },
    async move(orderNo, from, to, fields, now) {
      const n = await db(TABLE)
        .where('order_no', orderNo)
        .whereIn('state', from)
        .update({ ...columns(fields), state: to, updated_at: now });
      return n === 1;
    },
    async note(orderNo, fields, now) {
      if (fields.delivered !== undefined)
        await db(TABLE).where('order_no', orderNo).update({ delivered: fields.delivered, updated_at: now });
      if (fields.outRefundNo !== undefined)
        await db(TABLE)
          .where('order_no', orderNo)
          .whereNull('out_refund_no')
          .update({ out_refund_no: fields.outRefundNo, updated_at: now });
    },
  };
}

/**
 * The local 小程序虚拟支付 platform for `PAY_PROVIDER=xpay-sandbox`: prepay signs like the live
 * adapter (sandbox env 1 and AppKey), and paying at the local cashier produces the push WeChat would
 * send — an `xpay_goods_deliver_notify` in safe mode, encrypted and signed with the sandbox Token —
 * which the real pay-notify function verifies, decrypts and settles. Nothing here grants anything.
 * Trades live in the database (`xpay_sandbox_trades`; a restart forgets nothing), each state change one
 * conditional update, so two presses of 支付 at once pay once.
 */
export class XPaySandboxGateway implements PaymentGateway {
  readonly provider = 'xpay-sandbox' as const;
  readonly merchantId: string;
  readonly env = 1 as const;
  private readonly store: TradeStore;
  private readonly verifier;

  constructor(
    readonly settings: XPaySandboxSettings,
    private readonly clock: Clock,
    db?: Knex,
  ) {
    this.merchantId = settings.offerId;
    this.store = db ? databaseStore(db) : memoryStore();
    this.verifier = createPushVerifier({ token: settings.pushToken, appId: settings.appId, encodingAesKey: settings.pushEncodingAesKey });
  }

  async prepay(req: PrepayRequest): Promise<PrepayResult> {
    if (!req.productId) throw new GatewayError('prepay', 'the item has no 道具 productId');
    const discounted = req.listPriceFen !== undefined && req.listPriceFen !== req.amountFen;
    const params = signVirtualPayment({
      offerId: this.settings.offerId,
      env: this.env,
      productId: req.productId,
      amountFen: discounted ? req.listPriceFen! : req.amountFen,
      activitySellingPrice: discounted ? req.amountFen : undefined,
      orderNo: req.orderNo,
      appKeys: { liveAppKey: '', sandboxAppKey: this.settings.sandboxAppKey },
      sessionKey: req.sessionKey || sandboxSessionKey(req.openid),
    });
    await this.store.open(
      {
        orderNo: req.orderNo,
        description: req.description,
        openid: req.openid,
        productId: req.productId,
        amountFen: req.amountFen,
        signData: params.signData,
        paySig: params.paySig,
        state: 'NOTPAY',
        delivered: false,
      },
      this.clock.now(),
    );
    return { payment: { ...params }, cashierUrl: `${this.settings.publicBaseUrl}/sandbox/pay/${encodeURIComponent(req.orderNo)}` };
  }

  async query(orderNo: string, payer?: Payer): Promise<ReportedTrade> {
    const trade = await this.store.get(orderNo);
    // query_order is keyed by openid: another learner's openid finds nothing.
    if (!trade || (payer && payer.openid !== trade.openid)) return { state: 'NOT_FOUND' };
    return {
      state: trade.state,
      transactionId: trade.transactionId,
      amountFen: trade.state === 'NOTPAY' ? undefined : trade.amountFen,
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
    if (!trade || (req.openid && req.openid !== trade.openid)) return { accepted: false, detail: '268490002 数据不存在' };
    if (trade.state !== 'SUCCESS' && trade.state !== 'REFUND') return { accepted: false, detail: 'TRADE_NOT_PAID' };
    if (req.refundFen > trade.amountFen) return { accepted: false, detail: '268490016 left_fee mismatch' };
    const now = this.clock.now();
    await this.store.note(req.orderNo, { outRefundNo: req.outRefundNo }, now);
    await this.store.move(req.orderNo, ['SUCCESS'], 'REFUND', {}, now);
    return { accepted: true, refundId: `xpaysandbox_refund_${req.outRefundNo}` };
  }

  async markDelivered(orderNo: string): Promise<void> {
    await this.store.note(orderNo, { delivered: true }, this.clock.now());
  }

  verifyPush(push: RawPush, now: Date): ReadPush {
    return readXPayPush(this.provider, this.env, this.verifier, push, now);
  }

  verifyPushUrl(query: Record<string, string | undefined>): string {
    try {
      return this.verifier.verifyUrl(query);
    } catch (err) {
      throw err instanceof XPayPushRejected ? toRejection(err) : err;
    }
  }

  /** What the cashier shows (null: no such trade). */
  async trade(orderNo: string): Promise<Readonly<SandboxXPayTrade> | null> {
    return this.store.get(orderNo);
  }

  /** The platform's own check of what the mini program was handed (paySig over signData with the sandbox AppKey). */
  async signatureValid(orderNo: string): Promise<boolean> {
    return this.signedAsHanded(await this.store.get(orderNo));
  }

  private signedAsHanded(trade: SandboxXPayTrade | null): trade is SandboxXPayTrade {
    return !!trade && hexDigestEquals(paySig(this.settings.sandboxAppKey, CLIENT_PAY_URI, trade.signData), trade.paySig);
  }

  /**
   * The learner pays at the cashier: the trade is paid and the delivery push WeChat would send is
   * returned, ready for pay-notify. `overrides` replace fields of the push (tests forge with it).
   */
  async pay(orderNo: string, overrides: Record<string, unknown> = {}): Promise<HttpPush | null> {
    const before = await this.store.get(orderNo);
    if (!this.signedAsHanded(before) || before.state === 'CLOSED' || before.state === 'REFUND') return null;
    if (before.state === 'NOTPAY') {
      const now = this.clock.now();
      await this.store.move(
        orderNo,
        ['NOTPAY'],
        'SUCCESS',
        {
          transactionId: `42000${randomBytes(12).toString('hex')}`.slice(0, 28),
          paidAt: new Date(Math.floor(now.getTime() / 1000) * 1000),
        },
        now,
      );
    }
    // Re-read: of two presses at once, one moved the trade and both report its one transaction id.
    const trade = await this.store.get(orderNo);
    if (!trade || trade.state !== 'SUCCESS') return null;
    return this.push({
      ...this.header('xpay_goods_deliver_notify'),
      OpenId: trade.openid,
      OutTradeNo: trade.orderNo,
      Env: this.env,
      WeChatPayInfo: {
        MchOrderNo: `xpay${trade.orderNo}`.slice(0, 32),
        TransactionId: trade.transactionId,
        PaidTime: Math.floor(trade.paidAt!.getTime() / 1000),
      },
      GoodsInfo: { ProductId: trade.productId, Quantity: 1, OrigPrice: trade.amountFen, ActualPrice: trade.amountFen, Attach: '' },
      ...overrides,
    });
  }

  /** The refund result push for a refund this sandbox accepted (`retCode` ≠ 0: it failed). */
  async refundPush(orderNo: string, retCode = 0): Promise<HttpPush | null> {
    const trade = await this.store.get(orderNo);
    const outRefundNo = trade?.outRefundNo;
    if (!trade || !outRefundNo) return null;
    return this.push({
      ...this.header('xpay_refund_notify'),
      OpenId: trade.openid,
      WxRefundId: `xpaysandbox_refund_${outRefundNo}`,
      MchRefundId: outRefundNo,
      WxOrderId: `wx${trade.orderNo}`,
      MchOrderId: trade.orderNo,
      RefundFee: trade.amountFen,
      RetCode: retCode,
      RetMsg: retCode === 0 ? 'success' : 'fail',
      RefundStartTimestamp: Math.floor(this.clock.now().getTime() / 1000),
      RefundSuccTimestamp: Math.floor(this.clock.now().getTime() / 1000),
      WxpayRefundTransactionId: '',
      RetryTimes: 0,
    });
  }

  /** Apple's refund question for an iOS order, as WeChat relays it. */
  async iosRefundQueryPush(orderNo: string): Promise<HttpPush> {
    const trade = await this.store.get(orderNo);
    return this.push({
      ...this.header('xpay_subscribe_ios_refund_query_notify'),
      refund_time: String(Math.floor(this.clock.now().getTime() / 1000)),
      order_time: '',
      channel_bill: '',
      bundleid: 'com.tencent.xin',
      product_id: trade?.productId ?? '',
      p_count: '1',
      refund_request_reason: '1',
      provide_status: '1',
      pay_order_id: orderNo,
    });
  }

  /** Any message as a safe-mode push: JSON envelope { ToUserName, Encrypt } and the signed URL query. */
  push(message: Record<string, unknown>): HttpPush {
    const key = decodeEncodingAesKey(this.settings.pushEncodingAesKey);
    const encrypt = encryptMessage(key, JSON.stringify(message), this.settings.appId);
    const timestamp = String(Math.floor(this.clock.now().getTime() / 1000));
    const nonce = String(randomBytes(4).readUInt32BE(0));
    return {
      via: 'http',
      query: {
        signature: urlSignature(this.settings.pushToken, timestamp, nonce),
        timestamp,
        nonce,
        openid: typeof message.OpenId === 'string' ? message.OpenId : undefined,
        encrypt_type: 'aes',
        msg_signature: messageSignature(this.settings.pushToken, timestamp, nonce, encrypt),
      },
      body: JSON.stringify({ ToUserName: 'gh_sandbox', Encrypt: encrypt }),
    };
  }

  private header(event: string) {
    return {
      ToUserName: 'gh_sandbox',
      FromUserName: 'oSandboxPlatform',
      CreateTime: Math.floor(this.clock.now().getTime() / 1000),
      MsgType: 'event',
      Event: event,
    };
  }
}
