import type { Knex } from 'knex';
import { AppError } from '../../runtime/errors';
import { auditActorOf, inAuditedTransaction } from '../audit/audited-transaction';
import type { ServiceContext } from '../../runtime/service-context';

/**
 * The texts a learner agrees to: 用户协议, 隐私政策 and 购买须知. Each lives in `settings`
 * (`terms_<kind>` → { version, text }), is edited in the CMS without a release, and every save
 * makes a new version, so an order can record which purchase terms were accepted.
 */
export const TERMS_KINDS = ['userAgreement', 'privacyPolicy', 'purchaseTerms'] as const;
export type TermsKind = (typeof TERMS_KINDS)[number];

const keyOf = (kind: TermsKind) => `terms_${kind}`;

export const DEFAULT_TERMS: Record<TermsKind, string> = {
  userAgreement:
    '欢迎使用本小程序。使用前请阅读本协议：你应遵守法律法规和平台规则，不得发布违法或侵权内容；课程内容的著作权归创作者所有，仅供本人学习使用，不得转载、传播或转售。',
  privacyPolicy:
    '我们仅收集提供服务所必需的信息：你的微信 openid（识别账号）、你主动设置的昵称与头像、订单与学习记录。信息仅用于提供课程与售后服务，不会出售给第三方。你可以在「我的 → 注销账号」中删除个人信息。',
  purchaseTerms:
    '本店销售的是数字内容（专栏、文章、会员），购买后立即解锁、即时交付。根据《消费者权益保护法》第二十五条，数字化商品一经交付不适用七天无理由退货；如内容无法正常使用，请联系客服处理。',
};

export interface Terms {
  version: string;
  text: string;
}

async function readOne(db: Knex | Knex.Transaction, kind: TermsKind): Promise<Terms> {
  const row = await db('settings').where('key', keyOf(kind)).first('value_json');
  if (row) {
    try {
      const value = JSON.parse(String(row.value_json));
      if (typeof value?.version === 'string' && typeof value?.text === 'string') return { version: value.version, text: value.text };
    } catch {
      // a hand-edited bad value falls back to the default below
    }
  }
  return { version: 'default', text: DEFAULT_TERMS[kind] };
}

/** `catalog.terms`: all three texts with their versions (anonymous callers too). */
export async function readTerms(db: Knex): Promise<Record<TermsKind, Terms>> {
  const [userAgreement, privacyPolicy, purchaseTerms] = await Promise.all(TERMS_KINDS.map((k) => readOne(db, k)));
  return { userAgreement, privacyPolicy, purchaseTerms };
}

/** admin `terms.set`: a new text is a new version (v1, v2, …), audited. */
export function setTerms(ctx: Pick<ServiceContext, 'db' | 'now' | 'actor'>, input: { kind: TermsKind; text: string }) {
  return inAuditedTransaction(ctx.db, auditActorOf(ctx), async (trx) => {
    const before = await readOne(trx, input.kind);
    const n = /^v(\d+)$/.exec(before.version);
    const after: Terms = { version: `v${n ? Number(n[1]) + 1 : 1}`, text: input.text };
    await trx('settings').where('key', keyOf(input.kind)).delete();
    await trx('settings').insert({ key: keyOf(input.kind), value_json: JSON.stringify(after), updated_at: ctx.now });
    return { result: after, audit: { action: 'terms.set', targetType: 'settings', targetId: keyOf(input.kind), before, after } };
  });
}

/**
 * The purchase terms a checkout accepted must be the current ones: a learner who read an older
 * text is asked to read again (CONFLICT) before the order records the consent.
 */
export async function checkPurchaseTerms(db: Knex, termsVersion: string): Promise<void> {
  const current = await readOne(db, 'purchaseTerms');
  if (termsVersion !== current.version) throw new AppError('CONFLICT', '购买须知已更新，请重新阅读并同意后再下单');
}

export async function recordPurchaseTerms(db: Knex, orderNo: string, termsVersion: string): Promise<void> {
  await db('orders').where('order_no', orderNo).update({ terms_version: termsVersion });
}
