import { createCloudPayGateway, NOTIFY_FUNCTION } from '../../../server/adapters/payment/cloudpay.gateway';
import { GatewayError } from '../../../server/ports/payment-gateway';

/**
 * The cloud-pay adapter against replies shaped like wx-server-sdk's (camelCase, errCode 0 added
 * by the SDK, WeChat's own returnCode/resultCode inside), with a fake `cloud` object.
 */
function fakeCloud(replies: Record<string, (data: any) => any>) {
  const calls: Array<{ api: string; data: any }> = [];
  const api = (name: string) => async (data: any) => {
    calls.push({ api: name, data });
    return replies[name](data);
  };
  const cloud = {
    cloudPay: { unifiedOrder: api('unifiedOrder'), queryOrder: api('queryOrder'), closeOrder: api('closeOrder'), refund: api('refund') },
  };
  return { cloud: cloud as any, calls };
}

const settings = { subMchId: '1900000109', envId: 'prod-1a2b3c' };
const ok = { errCode: 0, errMsg: 'cloudPay.x:ok', returnCode: 'SUCCESS', returnMsg: 'OK', resultCode: 'SUCCESS' };
const payment = {
  appId: 'wx2421b1c4370ec43b',
  timeStamp: '1780279200',
  nonceStr: 'abc',
  package: 'prepay_id=wx20260601',
  signType: 'MD5',
  paySign: 'C380BEC2BFD727A4B6845133519F3AD6',
};

describe('cloudpay gateway', () => {
  const prepayReq = {
    orderNo: '20260601020000a1b2c3d4e5f6a7b8',
    description: '长'.repeat(100), // 300 UTF-8 bytes: must be cut to ≤ 128 bytes
    amountFen: 9900,
    openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
    clientIp: '10.0.0.8',
    expiresAt: new Date('2026-06-01T02:30:00Z'),
  };

  it('unifiedOrder: documented fields, pay-notify callback, fen, ≤32 nonce, ≤128-byte body; returns `payment`', async () => {
    const { cloud, calls } = fakeCloud({ unifiedOrder: () => ({ ...ok, subMchId: settings.subMchId, nonceStr: 'x', payment }) });
    const gw = createCloudPayGateway(settings, () => cloud);
    expect(await gw.prepay(prepayReq)).toEqual({ payment });
    const sent = calls[0].data;
    expect(sent).toMatchObject({
      functionName: NOTIFY_FUNCTION,
      envId: 'prod-1a2b3c',
      subMchId: '1900000109',
      outTradeNo: prepayReq.orderNo,
      totalFee: 9900,
      spbillCreateIp: '10.0.0.8',
      tradeType: 'JSAPI',
      openid: prepayReq.openid,
      timeExpire: '20260601103000', // Beijing time
    });
    expect(NOTIFY_FUNCTION).toBe('pay-notify');
    expect(sent.nonceStr.length).toBeLessThanOrEqual(32);
    expect(Buffer.byteLength(sent.body)).toBeLessThanOrEqual(128);
    expect(sent.body.startsWith('长')).toBe(true);
    expect(Number.isInteger(sent.totalFee)).toBe(true);
  });

  it('errCode 0 with returnCode/resultCode FAIL is a failure, not a success', async () => {
    for (const reply of [
      { errCode: 0, errMsg: 'cloudPay.unifiedOrder:ok', returnCode: 'FAIL', returnMsg: '签名错误' },
      { ...ok, resultCode: 'FAIL', errCode: 'ORDERPAID', errCodeDes: '该订单已支付' },
      { ...ok }, // SUCCESS but no payment object
    ]) {
      const { cloud } = fakeCloud({ unifiedOrder: () => reply });
      await expect(createCloudPayGateway(settings, () => cloud).prepay(prepayReq)).rejects.toBeInstanceOf(GatewayError);
    }
  });

  it('queryOrder maps tradeState, totalFee, transactionId, subMchId and timeEnd (Beijing time)', async () => {
    const { cloud, calls } = fakeCloud({
      queryOrder: () => ({
        ...ok,
        tradeState: 'SUCCESS',
        totalFee: 9900,
        transactionId: '4200001234',
        subMchId: '1900000109',
        timeEnd: '20260601103015',
        outTradeNo: 'n',
      }),
    });
    const trade = await createCloudPayGateway(settings, () => cloud).query('n');
    expect(trade).toEqual({
      state: 'SUCCESS',
      amountFen: 9900,
      transactionId: '4200001234',
      merchantId: '1900000109',
      paidAt: new Date('2026-06-01T02:30:15Z'),
    });
    expect(calls[0].data).toMatchObject({ subMchId: '1900000109', outTradeNo: 'n' });
    expect(calls[0].data.nonceStr.length).toBeLessThanOrEqual(32);

    const notExist = fakeCloud({ queryOrder: () => ({ ...ok, resultCode: 'FAIL', errCode: 'ORDERNOTEXIST' }) });
    expect((await createCloudPayGateway(settings, () => notExist.cloud).query('n')).state).toBe('NOT_FOUND');
    const broken = fakeCloud({ queryOrder: () => ({ errCode: 0, returnCode: 'FAIL', returnMsg: '系统繁忙' }) });
    await expect(createCloudPayGateway(settings, () => broken.cloud).query('n')).rejects.toBeInstanceOf(GatewayError);
  });

  it('closeOrder: SUCCESS → closed; ORDERPAID → paid; other FAIL → error', async () => {
    const closed = fakeCloud({ closeOrder: () => ok });
    expect(await createCloudPayGateway(settings, () => closed.cloud).close('n')).toBe('closed');
    const paid = fakeCloud({ closeOrder: () => ({ ...ok, resultCode: 'FAIL', errCode: 'ORDERPAID', errCodeDes: '订单已支付' }) });
    expect(await createCloudPayGateway(settings, () => paid.cloud).close('n')).toBe('paid');
    const early = fakeCloud({ closeOrder: () => ({ ...ok, resultCode: 'FAIL', errCode: 'SYSTEMERROR' }) });
    await expect(createCloudPayGateway(settings, () => early.cloud).close('n')).rejects.toBeInstanceOf(GatewayError);
  });

  it('refund sends the stable outRefundNo with total and refund fee; a business FAIL is "not accepted"', async () => {
    const { cloud, calls } = fakeCloud({ refund: () => ({ ...ok, refundId: '50000000382019052709732678859' }) });
    const gw = createCloudPayGateway(settings, () => cloud);
    const req = { orderNo: 'n', outRefundNo: 'Rn', totalFen: 9900, refundFen: 9900, reason: '学员申请' };
    expect(await gw.refund(req)).toEqual({ accepted: true, refundId: '50000000382019052709732678859' });
    expect(calls[0].data).toMatchObject({
      functionName: 'pay-notify',
      envId: 'prod-1a2b3c',
      subMchId: '1900000109',
      outTradeNo: 'n',
      outRefundNo: 'Rn',
      totalFee: 9900,
      refundFee: 9900,
    });
    const refused = fakeCloud({ refund: () => ({ ...ok, resultCode: 'FAIL', errCode: 'NOTENOUGH', errCodeDes: '余额不足' }) });
    expect(await createCloudPayGateway(settings, () => refused.cloud).refund(req)).toMatchObject({
      accepted: false,
      detail: expect.stringContaining('NOTENOUGH'),
    });
  });

  it('needs a sub-merchant id and loads the SDK only on first use', () => {
    expect(() => createCloudPayGateway({ subMchId: '', envId: 'e' })).toThrow('PAY_SUB_MCH_ID');
    const load = jest.fn();
    createCloudPayGateway(settings, load);
    expect(load).not.toHaveBeenCalled();
  });
});
