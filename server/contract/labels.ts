import { COLUMN_STATUS_LABELS, ARTICLE_STATUS_LABELS } from '../domain/catalog/statuses';
import { ITEM_TYPE_LABELS } from '../domain/catalog/items';
import { ORDER_PROVIDER_LABELS, ORDER_STATUS_LABELS, REFUND_STATUS_LABELS } from '../domain/orders/order.model';
import { PAYMENT_EVENT_KIND_LABELS, PAYMENT_VERDICT_LABELS } from '../domain/payments/payment-events';
import { COMMENT_STATUS_LABELS } from '../domain/comments/comment.repo';
import { ROLE_LABELS, STAFF_STATUS_LABELS } from '../domain/staff/roles.policy';
import { AUDIT_ACTION_LABELS, AUDIT_FIELD_LABELS, AUDIT_TARGET_LABELS } from '../domain/audit/audit-labels';
import { ENTITLEMENT_SOURCE_LABELS } from '../domain/entitlements/sources';

/**
 * Every enum's Chinese name, gathered for the CMS (the admin `labels` action). Each map is
 * defined once, next to its enum; this file only collects them, so the CMS never spells one.
 */
export const LABELS = {
  columnStatus: COLUMN_STATUS_LABELS,
  articleStatus: ARTICLE_STATUS_LABELS,
  itemType: ITEM_TYPE_LABELS,
  orderStatus: ORDER_STATUS_LABELS,
  orderProvider: ORDER_PROVIDER_LABELS,
  refundStatus: REFUND_STATUS_LABELS,
  paymentEventKind: PAYMENT_EVENT_KIND_LABELS,
  paymentVerdict: PAYMENT_VERDICT_LABELS,
  commentStatus: COMMENT_STATUS_LABELS,
  role: ROLE_LABELS,
  staffStatus: STAFF_STATUS_LABELS,
  entitlementSource: ENTITLEMENT_SOURCE_LABELS,
  auditAction: AUDIT_ACTION_LABELS,
  auditTarget: AUDIT_TARGET_LABELS,
  auditField: AUDIT_FIELD_LABELS,
} satisfies Record<string, Record<string, string>>;

export type LabelKind = keyof typeof LABELS;
export type Labels = { [K in LabelKind]: Record<string, string> };
