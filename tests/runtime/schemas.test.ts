import * as classic from '../../server/runtime/schemas';
import * as mini from '../../server/runtime/mini-schemas';
import { inputJsonSchema } from '../../server/runtime/action-schema';
import { loadAllFunctions } from '../../server/emulator/functions';

/**
 * The shared field types exist in two vocabularies — classic zod (most functions) and zod/mini
 * (the hot functions, for bundle size). Over a table of good and bad values they accept and
 * reject the same inputs, produce the same output, and speak the same zh-CN messages.
 */
describe('field types: classic and mini agree', () => {
  const samples: unknown[] = [
    0,
    1,
    -1,
    1.5,
    2_147_483_647,
    2_147_483_648,
    '1',
    null,
    undefined,
    true,
    [],
    {},
    NaN,
    Infinity,
    '',
    ' ',
    'abc',
    '  有内容  ',
    'a'.repeat(32),
    'a'.repeat(33),
    'a'.repeat(128),
    'a'.repeat(129),
    'ab_c-D9',
    'a b',
    'x/y',
    '中文',
  ];
  const pairs: Array<[string, { safeParse(v: unknown): unknown }, { safeParse(v: unknown): unknown }]> = [
    ['Id', classic.Id, mini.Id],
    ['Cursor', classic.Cursor, mini.Cursor],
    ['Limit()', classic.Limit(), mini.Limit()],
    ['Limit(30, 10)', classic.Limit(30, 10), mini.Limit(30, 10)],
    ['Text(32)', classic.Text(32), mini.Text(32)],
    ['Text(64, 2)', classic.Text(64, 2), mini.Text(64, 2)],
  ];
  const outcome = (r: unknown) => {
    const res = r as { success: boolean; data?: unknown; error?: { issues: Array<{ message: string; code: string }> } };
    return res.success ? { ok: true, data: res.data } : { ok: false, issues: res.error!.issues.map((i) => `${i.code}: ${i.message}`) };
  };

  it.each(pairs)('%s', (_name, c, m) => {
    for (const value of samples) expect([value, outcome(m.safeParse(value))]).toEqual([value, outcome(c.safeParse(value))]);
  });

  it('messages are the zh-CN locale for mini schemas too', () => {
    const res = outcome(mini.Id.safeParse('1'));
    expect(res.ok).toBe(false);
    expect(res.issues!.join()).toMatch(/[\u4e00-\u9fff]/);
  });

  it('the JSON-schema view (docs:api, leak audit) reads the mini inputs of the hot functions', () => {
    const fns = loadAllFunctions();
    const schema = inputJsonSchema(fns.get('access')!.actions.article);
    expect(schema.properties?.articleId).toMatchObject({ type: 'integer', exclusiveMinimum: 0, maximum: 2_147_483_647 });
    expect(inputJsonSchema(fns.get('catalog')!.actions.columns).properties?.limit).toMatchObject({ default: 20, maximum: 50 });
  });
});
