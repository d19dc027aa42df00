import { wechatShipping } from '../../adapters/wechat/shipping';
import { stableAccessToken } from '../../adapters/wechat/access-token';
import type { ShippingNotifier } from '../../ports/shipping';
import type { AppConfig } from '../config';

/** Cloud shipping info: upload_shipping_info when the mini program is trade-managed (WX_TRADE_MANAGED=1). */
export function cloudShipping(config: AppConfig): ShippingNotifier {
  return wechatShipping({
    tradeManaged: config.wxTradeManaged,
    accessToken: stableAccessToken({ appId: config.wxAppId, appSecret: config.wxAppSecret }),
  });
}
