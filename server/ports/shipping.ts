/**
 * 发货信息管理 (order shipping): for trade-managed mini programs (`is_trade_managed`) WeChat Pay
 * funds stay frozen until shipping info is uploaded for the transaction. Virtual goods are
 * "shipped" the moment access is granted: logistics_type 3. Real adapter: upload_shipping_info
 * (server/adapters/payment/xpay/xpay-api.ts); local adapter: records what it was given.
 */
export interface ShippingRequest {
  /** The WeChat Pay transaction id (settlement's transactionId). */
  transactionId: string;
  openid: string;
  /** What was bought, shown to the learner (≤ 120 characters). */
  itemDesc: string;
  uploadTime: Date;
}

export type ShippingResult =
  | { outcome: 'uploaded' }
  /** The mini program is not trade-managed: nothing to upload. */
  | { outcome: 'skipped' }
  /** Rejected or unreachable: retried by the reconcile timer. */
  | { outcome: 'failed'; detail: string };

export interface ShippingNotifier {
  upload(req: ShippingRequest): Promise<ShippingResult>;
}
