import type { ShippingNotifier, ShippingRequest } from '../../ports/shipping';
import { createXPayApi, type XPayTransport } from '../payment/xpay/xpay-api';

/**
 * upload_shipping_info for a trade-managed mini program (WX_TRADE_MANAGED=1); a mini program that
 * is not trade-managed skips it. An errcode or a transport failure is `failed`, for the timer.
 */
export function wechatShipping(options: {
  tradeManaged: boolean;
  accessToken: () => Promise<string>;
  transport?: XPayTransport;
}): ShippingNotifier {
  // upload_shipping_info takes no pay_sig: the xpay client's AppKeys are unused for it.
  const api = createXPayApi({
    transport: options.transport ?? fetch,
    accessToken: options.accessToken,
    appKeys: { liveAppKey: '', sandboxAppKey: '' },
    env: 0,
  });
  return {
    async upload(req) {
      if (!options.tradeManaged) return { outcome: 'skipped' };
      const out = await api.uploadShippingInfo(req);
      if (out.ok) return { outcome: 'uploaded' };
      return { outcome: 'failed', detail: out.kind === 'platform' ? `${out.errcode} ${out.errmsg}` : out.detail };
    },
  };
}

/** The emulator's: records every upload (tests read `uploads`); `failNext` makes the next ones fail. */
export function localShipping(): ShippingNotifier & { uploads: ShippingRequest[]; failNext: number } {
  const local = {
    uploads: [] as ShippingRequest[],
    failNext: 0,
    async upload(req: ShippingRequest) {
      if (local.failNext > 0) {
        local.failNext--;
        return { outcome: 'failed' as const, detail: '-1 system error (local)' };
      }
      local.uploads.push(req);
      return { outcome: 'uploaded' as const };
    },
  };
  return local;
}
