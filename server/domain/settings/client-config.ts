import type { Knex } from 'knex';
import { z } from 'zod';
import type { Logger } from '../../runtime/logger';

/**
 * Settings the mini program reads at start (`catalog.config`). They live in the `settings`
 * table so creators can change them from the CMS without shipping a new mini program release.
 */
export const IOS_PURCHASE_POLICY_KEY = 'ios_purchase_policy';

/**
 * WeChat forbids ordinary payment for virtual goods on iOS. `hide` (the default) hides prices
 * and buy buttons there and shows `guidance` plus the redeem-code entry; `show` sells as on
 * other platforms (for merchants who have cleared it with WeChat).
 */
export const IosPurchasePolicy = z.object({
  mode: z.enum(['hide', 'show']),
  guidance: z.string().max(200).optional(),
});
export type IosPurchasePolicy = z.infer<typeof IosPurchasePolicy>;

export const DEFAULT_IOS_GUIDANCE =
  '由于平台规定，iOS 设备暂不支持购买虚拟内容。你可以使用兑换码解锁，或在安卓 / 电脑端微信购买后回来学习。';

export interface ClientConfig {
  iosPurchase: { mode: IosPurchasePolicy['mode']; guidance: string };
}

export async function readClientConfig(db: Knex, log: Logger): Promise<ClientConfig> {
  const row = await db('settings').select('value_json').where('key', IOS_PURCHASE_POLICY_KEY).first();
  let policy: IosPurchasePolicy = { mode: 'hide' };
  if (row) {
    // A hand-edited bad value must not break every learner's start: fall back to the safe default.
    let parsed: unknown;
    try {
      parsed = JSON.parse(String(row.value_json));
    } catch {
      parsed = undefined;
    }
    const checked = IosPurchasePolicy.safeParse(parsed);
    if (checked.success) policy = checked.data;
    else log.error('settings.invalid', { key: IOS_PURCHASE_POLICY_KEY });
  }
  return { iosPurchase: { mode: policy.mode, guidance: policy.guidance || DEFAULT_IOS_GUIDANCE } };
}
