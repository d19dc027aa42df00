import type { CloudPay, CloudPayReply } from 'wx-server-sdk';
import {
  GatewayError,
  type PaymentGateway,
  type PrepayRequest,
  type PrepayResult,
  type RefundRequest,
  type RefundResult,
  type ReportedTrade,
} from '../../ports/payment-gateway';
import { readCloudPayCallback } from './cloudpay-callback';
import { formatBeijingCompact, nonceStr, parseBeijingCompact, tradeStateOf, truncateUtf8 } from './wechat-time';

/** The function WeChat Pay calls back (DESIGN.md: callback to the `pay-notify` function). */
export const NOTIFY_FUNCTION = 'pay-notify';

/** What config.ts reads for cloud pay. */
export interface CloudPaySettings {
  /** The sub-merchant id bound to the CloudBase environment (PAY_SUB_MCH_ID). */
  subMchId: string;
  /** The CloudBase env id the callback function lives in (TCB_ENV, set by the platform). */
  envId: string;
}

/**
 * The SDK answers `errCode: 0` whenever the call reached WeChat; the business verdict is in
 * returnCode (communication) and resultCode (business). Both must say SUCCESS.
 */
export function isSuccess(reply: CloudPayReply): boolean {
  return reply.returnCode === 'SUCCESS' && reply.resultCode === 'SUCCESS';
}

function failure(reply: CloudPayReply): string {
  return [reply.returnCode, reply.returnMsg, reply.resultCode, reply.errCode, reply.errCodeDes, reply.errMsg]
    .filter((v) => v !== undefined && v !== '')
    .join(' ')
    .slice(0, 200);
}

/** Loads wx-server-sdk on first use only: requiring it costs hundreds of ms of cold start. */
export function loadWxCloud(): { cloudPay: CloudPay } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cloud = require('wx-server-sdk') as typeof import('wx-server-sdk');
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
  return cloud;
}

/** WeChat Pay through CloudBase cloud payment (`cloud.cloudPay`, no merchant keys in our code). */
export function createCloudPayGateway(settings: CloudPaySettings, loadCloud: () => { cloudPay: CloudPay } = loadWxCloud): PaymentGateway {
  if (!settings.subMchId) throw new Error('PAY_SUB_MCH_ID is required for PAY_PROVIDER=cloudpay');
  let cloud: { cloudPay: CloudPay } | undefined;
  const pay = () => (cloud ??= loadCloud()).cloudPay;
  // Every request names our sub-merchant and carries a fresh nonce.
  const signed = () => ({ subMchId: settings.subMchId, nonceStr: nonceStr() });
  // Requests whose result WeChat reports back call pay-notify in our environment.
  const notifying = () => ({ functionName: NOTIFY_FUNCTION, envId: settings.envId, ...signed() });

  return {
    provider: 'cloudpay',
    merchantId: settings.subMchId,

    async prepay(req: PrepayRequest): Promise<PrepayResult> {
      const reply = await pay().unifiedOrder({
        ...notifying(),
        body: truncateUtf8(req.description, 128),
        outTradeNo: req.orderNo,
        totalFee: req.amountFen,
        spbillCreateIp: req.clientIp || '127.0.0.1',
        tradeType: 'JSAPI',
        timeExpire: formatBeijingCompact(req.expiresAt),
        openid: req.openid,
      });
      if (!isSuccess(reply) || !reply.payment) throw new GatewayError('unifiedOrder', failure(reply));
      return { payment: reply.payment };
    },

    async query(orderNo: string): Promise<ReportedTrade> {
      const reply = await pay().queryOrder({ ...signed(), outTradeNo: orderNo });
      if (reply.returnCode === 'SUCCESS' && reply.resultCode !== 'SUCCESS' && reply.errCode === 'ORDERNOTEXIST') {
        return { state: 'NOT_FOUND' };
      }
      if (!isSuccess(reply)) throw new GatewayError('queryOrder', failure(reply));
      return {
        state: tradeStateOf(reply.tradeState),
        transactionId: typeof reply.transactionId === 'string' ? reply.transactionId : undefined,
        amountFen: typeof reply.totalFee === 'number' ? reply.totalFee : reply.totalFee !== undefined ? Number(reply.totalFee) : undefined,
        merchantId: typeof reply.subMchId === 'string' ? reply.subMchId : undefined,
        paidAt: parseBeijingCompact(reply.timeEnd),
      };
    },

    async close(orderNo: string): Promise<'closed' | 'paid'> {
      const reply = await pay().closeOrder({ ...signed(), outTradeNo: orderNo });
      if (isSuccess(reply)) return 'closed';
      if (reply.errCode === 'ORDERPAID') return 'paid';
      if (reply.errCode === 'ORDERCLOSED' || reply.errCode === 'ORDERNOTEXIST') return 'closed';
      throw new GatewayError('closeOrder', failure(reply));
    },

    async refund(req: RefundRequest): Promise<RefundResult> {
      const reply = await pay().refund({
        ...notifying(),
        outTradeNo: req.orderNo,
        outRefundNo: req.outRefundNo,
        totalFee: req.totalFen,
        refundFee: req.refundFen,
        refundDesc: truncateUtf8(req.reason, 80),
      });
      // A successful call only means WeChat accepted the refund; the money moves afterwards.
      if (isSuccess(reply)) return { accepted: true, refundId: typeof reply.refundId === 'string' ? reply.refundId : undefined };
      if (reply.returnCode === 'SUCCESS') return { accepted: false, detail: failure(reply) };
      throw new GatewayError('refund', failure(reply));
    },

    readCallback: readCloudPayCallback,
  };
}
