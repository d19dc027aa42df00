import type { ReportedTrade, TradeState } from '../../../server/ports/payment-gateway';
import { judgeTrade, TradeVerdict, type JudgedOrder } from '../../../server/domain/payments/trade-verdict';

const MCH = '1900000109';
const TX = '4200000001';
const paidTrade: ReportedTrade = { state: 'SUCCESS', transactionId: TX, amountFen: 990, merchantId: MCH };
const pending: JudgedOrder = { status: 'pending', amountFen: 990, transactionId: null };
const closed: JudgedOrder = { ...pending, status: 'closed' };
const paidOrder: JudgedOrder = { status: 'paid', amountFen: 990, transactionId: TX };
const refunded: JudgedOrder = { ...paidOrder, status: 'refunded' };

/**
 * The one trade verdict, for the callback, pay.confirm and the reconcile timer: result first, then
 * the order, merchant and amount, then "already settled by this trade", then the platform's own
 * confirmation of a notification that does not prove itself.
 */
describe('judgeTrade', () => {
  const cases: Array<[string, JudgedOrder | null, ReportedTrade, ReportedTrade | undefined, TradeVerdict]> = [
    ['paid trade, pending order', pending, paidTrade, undefined, TradeVerdict.Settle],
    ['paid trade, closed order (the money was taken)', closed, paidTrade, undefined, TradeVerdict.Settle],
    ['amount and merchant not reported (query reply)', pending, { state: 'SUCCESS', transactionId: TX }, undefined, TradeVerdict.Settle],
    ['no transaction id reported', pending, { ...paidTrade, transactionId: undefined }, undefined, TradeVerdict.Settle],
    ...(['NOTPAY', 'CLOSED', 'REFUND', 'PAYERROR', 'USERPAYING', 'REVOKED', 'NOT_FOUND'] as TradeState[]).map(
      (state): [string, JudgedOrder | null, ReportedTrade, undefined, TradeVerdict] => [
        `trade ${state}`,
        pending,
        { ...paidTrade, state },
        undefined,
        TradeVerdict.NotPaid,
      ],
    ),
    [
      'unpaid trade for an unknown order: the result is judged first',
      null,
      { ...paidTrade, state: 'NOTPAY' },
      undefined,
      TradeVerdict.NotPaid,
    ],
    ['unknown order', null, paidTrade, undefined, TradeVerdict.UnknownOrder],
    ['other merchant', pending, { ...paidTrade, merchantId: '1900000999' }, undefined, TradeVerdict.MerchantMismatch],
    ['empty merchant', pending, { ...paidTrade, merchantId: '' }, undefined, TradeVerdict.MerchantMismatch],
    ['other amount', pending, { ...paidTrade, amountFen: 1 }, undefined, TradeVerdict.AmountMismatch],
    ['zero amount', pending, { ...paidTrade, amountFen: 0 }, undefined, TradeVerdict.AmountMismatch],
    [
      'merchant is judged before amount',
      pending,
      { ...paidTrade, merchantId: 'x', amountFen: 1 },
      undefined,
      TradeVerdict.MerchantMismatch,
    ],
    ['unknown order is judged before merchant', null, { ...paidTrade, merchantId: 'x' }, undefined, TradeVerdict.UnknownOrder],
    ['already paid by this trade', paidOrder, paidTrade, undefined, TradeVerdict.Duplicate],
    ['already refunded, same trade', refunded, paidTrade, undefined, TradeVerdict.Duplicate],
    ['duplicate needs no confirmation', paidOrder, paidTrade, { state: 'NOTPAY' }, TradeVerdict.Duplicate],
    [
      'paid by another trade: settlement decides (it reports a duplicate)',
      paidOrder,
      { ...paidTrade, transactionId: '42other' },
      undefined,
      TradeVerdict.Settle,
    ],
    [
      'a wrong amount on a paid order is still a wrong amount',
      paidOrder,
      { ...paidTrade, amountFen: 1 },
      undefined,
      TradeVerdict.AmountMismatch,
    ],
    ['confirmed by the platform', pending, paidTrade, { ...paidTrade }, TradeVerdict.Settle],
    ['confirmation without amount or transaction id', pending, paidTrade, { state: 'SUCCESS' }, TradeVerdict.Settle],
    ['platform says not paid', pending, paidTrade, { state: 'NOTPAY' }, TradeVerdict.Unconfirmed],
    ['platform does not know the trade', pending, paidTrade, { state: 'NOT_FOUND' }, TradeVerdict.Unconfirmed],
    ['platform names another transaction', pending, paidTrade, { ...paidTrade, transactionId: '42other' }, TradeVerdict.Unconfirmed],
    ['platform names another amount', pending, paidTrade, { ...paidTrade, amountFen: 1 }, TradeVerdict.Unconfirmed],
    [
      'a bad notification is rejected before any confirmation',
      pending,
      { ...paidTrade, amountFen: 1 },
      { ...paidTrade, amountFen: 1 },
      TradeVerdict.AmountMismatch,
    ],
  ];

  it.each(cases)('%s', (_name, order, trade, confirmation, verdict) => {
    expect(judgeTrade(order, trade, MCH, confirmation)).toBe(verdict);
  });

  it('over the whole matrix, only a trade that passes every check settles', () => {
    const orders = [null, pending, closed, paidOrder, refunded];
    const states: TradeState[] = ['SUCCESS', 'NOTPAY', 'REFUND'];
    const merchants = [MCH, 'other', undefined];
    const amounts = [990, 1, undefined];
    const confirmations: Array<ReportedTrade | undefined> = [
      undefined,
      paidTrade,
      { state: 'NOTPAY' },
      { ...paidTrade, transactionId: 'x' },
      { ...paidTrade, amountFen: 5 },
    ];
    let settles = 0;
    for (const order of orders)
      for (const state of states)
        for (const merchantId of merchants)
          for (const amountFen of amounts)
            for (const confirmation of confirmations) {
              const trade: ReportedTrade = { state, transactionId: TX, merchantId, amountFen };
              const verdict = judgeTrade(order, trade, MCH, confirmation);
              const passes =
                state === 'SUCCESS' &&
                order !== null &&
                merchantId !== 'other' &&
                amountFen !== 1 &&
                order.transactionId !== TX &&
                (confirmation === undefined || confirmation === paidTrade);
              expect(verdict === TradeVerdict.Settle).toBe(passes);
              expect(Object.values(TradeVerdict)).toContain(verdict);
              if (passes) settles++;
            }
    expect(settles).toBeGreaterThan(0);
  });
});
