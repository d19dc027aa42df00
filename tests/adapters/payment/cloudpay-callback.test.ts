import { readCloudPayCallback } from '../../../server/adapters/payment/cloudpay-callback';

/** The cloud-pay callback event (camelCase, as wx-server-sdk delivers it) read into the port's notification. */
describe('readCloudPayCallback', () => {
  const event = {
    returnCode: 'SUCCESS',
    resultCode: 'SUCCESS',
    appid: 'wx',
    mchId: '1',
    subMchId: '1900000109',
    openid: 'o',
    totalFee: 990,
    transactionId: '4200000001',
    outTradeNo: '20260601020000a1b2c3d4e5f6a7b8',
    timeEnd: '20260601103015',
  };

  it('a payment: not proven (only its sender is known), fen, sub-merchant, Beijing time', () => {
    expect(readCloudPayCallback(event)).toEqual({
      kind: 'trade',
      provider: 'cloudpay',
      orderNo: event.outTradeNo,
      proven: false,
      platformResult: 'SUCCESS/SUCCESS',
      trade: {
        state: 'SUCCESS',
        transactionId: '4200000001',
        amountFen: 990,
        merchantId: '1900000109',
        paidAt: new Date('2026-06-01T02:30:15Z'),
      },
    });
    expect(readCloudPayCallback({ ...event, totalFee: '990' })).toMatchObject({ trade: { amountFen: 990 } });
  });

  it('returnCode or resultCode FAIL is a trade that was not paid, with the platform words kept', () => {
    expect(readCloudPayCallback({ ...event, resultCode: 'FAIL' })).toMatchObject({
      kind: 'trade',
      platformResult: 'SUCCESS/FAIL',
      trade: { state: 'PAYERROR' },
    });
    expect(readCloudPayCallback({ ...event, returnCode: 'FAIL' })).toMatchObject({ trade: { state: 'PAYERROR' } });
  });

  it('an unreadable event is malformed, keeping what could be read', () => {
    expect(readCloudPayCallback({ ...event, totalFee: '99.00' })).toEqual({
      kind: 'malformed',
      provider: 'cloudpay',
      detail: 'totalFee',
      orderNo: event.outTradeNo,
      transactionId: '4200000001',
      amountFen: undefined,
    });
    expect(readCloudPayCallback({ ...event, transactionId: undefined })).toMatchObject({ kind: 'malformed', detail: 'transactionId' });
  });

  it('a refund result: a status other than SUCCESS means the money did not move', () => {
    const refund = { returnCode: 'SUCCESS', outTradeNo: 'n', outRefundNo: 'Rn', refundId: '5030', refundFee: 990 };
    expect(readCloudPayCallback({ ...refund, refundStatus: 'CHANGE' })).toEqual({
      kind: 'refund',
      provider: 'cloudpay',
      orderNo: 'n',
      outRefundNo: 'Rn',
      refundId: '5030',
      refundFen: 990,
      status: 'CHANGE',
      failed: true,
    });
    expect(readCloudPayCallback({ ...refund, refundStatus: 'SUCCESS' })).toMatchObject({ failed: false });
    expect(readCloudPayCallback(refund)).toMatchObject({ status: 'UNKNOWN', failed: false });
  });
});
