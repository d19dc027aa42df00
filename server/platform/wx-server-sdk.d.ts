// wx-server-sdk 4.0.2's typings lack `cloudPay` (WECHAT-FACTS.md). The SDK converts camelCase
// request keys to snake_case and the reply back to camelCase; this declares the part we use.
import 'wx-server-sdk';

declare module 'wx-server-sdk' {
  /** Every reply carries the SDK's errCode 0 plus WeChat Pay's own return/result codes. */
  interface CloudPayReply {
    errCode?: number | string;
    errMsg?: string;
    returnCode?: string;
    returnMsg?: string;
    resultCode?: string;
    errCodeDes?: string;
    [key: string]: unknown;
  }
  interface CloudPay {
    unifiedOrder(data: {
      functionName: string;
      envId: string;
      subMchId: string;
      nonceStr: string;
      body: string;
      outTradeNo: string;
      totalFee: number;
      spbillCreateIp: string;
      tradeType?: 'JSAPI';
      attach?: string;
      timeStart?: string;
      timeExpire?: string;
      openid?: string;
      subOpenid?: string;
    }): Promise<CloudPayReply & { payment?: Record<string, string> }>;
    queryOrder(data: { subMchId: string; nonceStr: string; outTradeNo?: string; transactionId?: string }): Promise<CloudPayReply>;
    closeOrder(data: { subMchId: string; nonceStr: string; outTradeNo: string }): Promise<CloudPayReply>;
    refund(data: {
      functionName: string;
      envId: string;
      subMchId: string;
      nonceStr: string;
      outTradeNo: string;
      outRefundNo: string;
      totalFee: number;
      refundFee: number;
      refundDesc?: string;
    }): Promise<CloudPayReply>;
  }
  export const cloudPay: CloudPay;
}
