import { z } from 'zod';
import { inputJsonSchema, type JsonSchema } from '../../server/runtime/action-schema';
import { loadAllFunctions } from '../../server/emulator/functions';
import type { CloudFunction } from '../../server/runtime/define-function';
import { createHarness, callerFor, type CallAs, type Harness } from '../support/harness';
import { htmlToText } from '../../server/domain/content/render';
import { grant, insertArticle, insertChapter, insertColumn, insertUser, PAID_SECRET } from '../support/fixtures';

/**
 * The leak audit (issue 3): for callers without access to a paid article, call EVERY action of
 * EVERY cloud function — discovered at run time, so actions added later are audited without
 * anyone remembering to — with input derived from the action's own zod schema and aimed at the
 * paid article, and assert that no answer carries the paid body, a media file id or a media URL.
 *
 * An action the audit cannot call with valid input must be listed in CANNOT_CALL with a reason;
 * an unlisted action answering INVALID_INPUT fails the audit (teach `fill` its field instead).
 */
const CANNOT_CALL: Record<string, string> = {
  // 'fn.action': 'why valid input cannot be derived (and what covers it instead)',
};

const AUDIO_ID = 'media/leak/secret-lesson.wav';
const VIDEO_ID = 'media/leak/secret-lesson.mp4';
/** Strings that must never reach a caller without access. */
const FORBIDDEN = [PAID_SECRET, AUDIO_ID, VIDEO_ID, 'secret-lesson', '/media/', 'sig=', 'tempFileURL', 'cloud://'];

interface Targets {
  articleId: number;
  freeArticleId: number;
  columnId: number;
  chapterId: number;
  commentId: number;
  orderNo: string;
  planId: number;
}

/** Values for fields that name the paid article and its surroundings, by field name. */
function namedValue(name: string, t: Targets): unknown {
  const n = name.toLowerCase();
  if (n === 'articleid' || n === 'itemid' || n === 'id' || n === 'targetid') return t.articleId;
  if (n === 'articleids' || n === 'ids') return [t.articleId, t.freeArticleId];
  if (n === 'columnid') return t.columnId;
  if (n === 'chapterid') return t.chapterId;
  if (n === 'commentid' || n === 'parentid') return t.commentId;
  if (n === 'orderno') return t.orderNo;
  // A well-formed code that was never issued: redeeming must fail without granting anything.
  if (n === 'code') return 'LEAKAUDITNOCODE1';
  // A well-formed gift claim token that was never issued.
  if (n === 'token') return 'a'.repeat(24);
  if (n === 'planid') return t.planId;
  if (n === 'itemtype' || n === 'targettype') return 'article';
  if (n === 'q' || n === 'query' || n === 'keyword') return '付费';
  return undefined;
}

function fill(schema: JsonSchema, t: Targets, name = ''): unknown {
  const named = namedValue(name, t);
  if (named !== undefined) return named;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  const variant = schema.anyOf ?? schema.oneOf;
  if (variant?.length) return fill(variant.find((v) => v.type !== 'null') ?? variant[0], t, name);
  const type = Array.isArray(schema.type) ? schema.type.find((x) => x !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(schema.properties ?? {})) {
        // Optional fields are sent only when they aim at the paid article (ids, queries).
        if (schema.required?.includes(key) || namedValue(key, t) !== undefined) out[key] = fill(prop, t, key);
      }
      return out;
    }
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => fill(schema.items ?? {}, t, name.replace(/s$/, '')));
    case 'integer':
    case 'number':
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
    case 'boolean':
      return true;
    case 'string': {
      const base = '付费文章的评论内容';
      const len = Math.min(Math.max(schema.minLength ?? 1, base.length), schema.maxLength ?? base.length);
      return base.repeat(Math.ceil(len / base.length)).slice(0, len);
    }
    default:
      return schema.default ?? null;
  }
}

function inputFor(def: { input: z.ZodType }, t: Targets): Record<string, unknown> {
  const schema = inputJsonSchema(def);
  return fill(schema, t) as Record<string, unknown>;
}

/**
 * Every block of text a non-buyer must not see: the blocks of paid bodies that are not in their
 * preview, and everything of articles that are not released (draft or scheduled).
 */
async function paidOnlyTexts(h: Harness): Promise<string[]> {
  const rows = await h.db('articles').select('is_free', 'status', 'publish_at', 'body_html', 'preview_html');
  const now = h.clock.now().getTime();
  const blocks = (html: string) =>
    html
      .split(/<\/(?:p|h[1-6]|li|blockquote|pre)>/)
      .map(htmlToText)
      .filter((x) => x.length >= 8);
  const texts = new Set<string>();
  for (const row of rows) {
    const released = row.status === 'published' && row.publish_at !== null && new Date(row.publish_at).getTime() <= now;
    if (row.is_free && released) continue;
    const preview = released ? htmlToText(String(row.preview_html)) : '';
    for (const block of blocks(String(row.body_html))) if (!preview.includes(block)) texts.add(block);
  }
  return [...texts];
}

describe('leak audit: no paid byte for callers without access', () => {
  let h: Harness;
  let t: Targets;
  let functions: Map<string, CloudFunction>;
  /** FORBIDDEN plus the paid-only text of every article in the database (demo seed included). */
  let forbidden: string[];
  const callers: Array<[string, CallAs]> = [
    ['anonymous', {}],
    ['signed-in non-buyer', { openid: 'leak-stranger' }],
    ['refunded / expired former buyer', { openid: 'leak-former' }],
  ];

  beforeAll(async () => {
    h = await createHarness({ seed: true });
    const now = h.clock.now();
    const columnId = await insertColumn(h.db, now, { title: '付费专栏', member_included: true });
    const chapterId = await insertChapter(h.db, now, columnId);
    const articleId = await insertArticle(h.db, now, columnId, {
      chapter_id: chapterId,
      title: '付费文章',
      audio_file_id: AUDIO_ID,
      audio_duration_sec: 60,
      video_file_id: VIDEO_ID,
      video_duration_sec: 90,
      price_fen: 990,
    });
    const freeArticleId = await insertArticle(h.db, now, columnId, {
      chapter_id: chapterId,
      title: '免费文章',
      is_free: true,
      body_md: '免费正文',
    });
    const strangerId = await insertUser(h.db, now, 'leak-stranger');
    const formerId = await insertUser(h.db, now, 'leak-former');
    await grant(h.db, now, formerId, 'article', articleId, { revoked_at: now });
    await grant(h.db, now, formerId, 'column', columnId, { expires_at: new Date(now.getTime() - 1000) });
    await grant(h.db, now, formerId, 'membership', 1, { expires_at: new Date(now.getTime() - 1000) });
    const [commentId] = await h.db('comments').insert({
      article_id: articleId,
      user_id: strangerId,
      content: '写得好',
      status: 'published',
      created_at: now,
      updated_at: now,
    });
    // Shaped like a real order number (order.schemas.ts OrderNo), so order/pay actions get past validation.
    const orderNo = '20260601leakaudit0000000001';
    await h.db('orders').insert({
      order_no: orderNo,
      user_id: strangerId,
      item_type: 'article',
      item_id: articleId,
      title: '付费文章',
      amount_fen: 990,
      status: 'pending',
      provider: 'sandbox',
      created_at: now,
      expires_at: new Date(now.getTime() + 1800_000),
      updated_at: now,
    });
    const plan = await h.db('membership_plans').first('id');
    t = { articleId, freeArticleId, columnId, chapterId, commentId: Number(commentId), orderNo, planId: Number(plan.id) };
    functions = loadAllFunctions();
    forbidden = [...FORBIDDEN, ...(await paidOnlyTexts(h))];
  }, 60000);
  afterAll(() => h.close());

  it('finds the functions and actions it audits (discovered, not listed)', () => {
    expect([...functions.keys()]).toEqual(expect.arrayContaining(['access', 'catalog', 'user']));
    // the demo seed's paid paragraphs are in the list too
    expect(forbidden.some((x) => x.includes('付费正文：记忆的巩固依赖睡眠'))).toBe(true);
    for (const key of Object.keys(CANNOT_CALL)) {
      const [fn, action] = key.split('.');
      expect(functions.get(fn)?.actions[action]).toBeDefined();
    }
  });

  it('the derived input reaches the paid article (the audit is aimed, not firing blanks)', async () => {
    const access = functions.get('access')!;
    const res = await access.invoke({ $url: 'article', ...inputFor(access.actions.article, t) }, { deps: h.deps, caller: callerFor({}) });
    expect(res.ok && (res.data as { html: string }).html).toContain('试读部分');
  });

  it.each(callers)('every action, called as %s, answers without the paid body, media ids or media URLs', async (_label, as) => {
    const invalid: string[] = [];
    const audited: string[] = [];
    for (const [name, fn] of functions) {
      for (const [actionName, def] of Object.entries(fn.actions)) {
        const key = `${name}.${actionName}`;
        const input = inputFor(def, t);
        const res = await fn.invoke({ $url: actionName, ...input }, { deps: h.deps, caller: callerFor(as) });
        const text = JSON.stringify(res);
        for (const secret of forbidden) {
          if (text.includes(secret)) throw new Error(`${key} as ${_label} leaked "${secret}": ${text.slice(0, 400)}`);
        }
        // Platform-facing functions (pay-notify) answer in the platform's format, not the envelope;
        // their replies are still scanned above.
        const envelope = res as { ok?: boolean; data?: unknown; error?: { code: string; details?: unknown } };
        if (typeof envelope.ok !== 'boolean') continue;
        if (!envelope.ok && envelope.error?.code === 'INVALID_INPUT' && !(key in CANNOT_CALL)) {
          invalid.push(`${key} ${JSON.stringify(input)} → ${JSON.stringify(envelope.error.details)}`);
        }
        if (envelope.ok && envelope.data !== null) audited.push(key);
      }
    }
    // Unlisted actions the audit could not call validly would escape it silently.
    expect(invalid).toEqual([]);
    expect(audited).toEqual(expect.arrayContaining(['access.article', 'access.check', 'catalog.column', 'catalog.search']));
  });
});
