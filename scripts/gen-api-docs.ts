/**
 * `npm run docs:api`: writes docs/api.md from the action tables themselves (each function's
 * audience, summary and zod input schema), so the reference cannot drift from the code.
 * `tests/docs/api-docs.test.ts` fails when docs/api.md is stale.
 */
import fs from 'node:fs';
import path from 'node:path';
import { inputJsonSchema, type JsonSchema } from '../server/runtime/action-schema';
import { loadAllFunctions } from '../server/emulator/functions';
import { ERROR_MESSAGES } from '../server/runtime/errors';
import type { AnyAction } from '../server/runtime/action';

export const API_DOC_PATH = path.resolve(__dirname, '../docs/api.md');

function describeType(s: JsonSchema): string {
  if (s.anyOf) return s.anyOf.map(describeType).join(' \\| ');
  if (s.enum) return s.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' \\| ');
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.type === 'array') return `${s.items ? describeType(s.items) : 'any'}[]`;
  if (s.type === 'object' && s.properties) {
    return `{ ${Object.entries(s.properties)
      .map(([k, v]) => `${k}${s.required?.includes(k) ? '' : '?'}: ${describeType(v)}`)
      .join(', ')} }`;
  }
  return Array.isArray(s.type) ? s.type.join(' \\| ') : (s.type ?? 'any');
}

function describeLimits(s: JsonSchema): string {
  const parts: string[] = [];
  if (s.minimum !== undefined) parts.push(`≥ ${s.minimum}`);
  if (s.exclusiveMinimum !== undefined) parts.push(`> ${s.exclusiveMinimum}`);
  if (s.maximum !== undefined) parts.push(`≤ ${s.maximum}`);
  if (s.minLength !== undefined) parts.push(`长度 ≥ ${s.minLength}`);
  if (s.maxLength !== undefined) parts.push(`长度 ≤ ${s.maxLength}`);
  if (s.minItems !== undefined) parts.push(`至少 ${s.minItems} 项`);
  if (s.maxItems !== undefined) parts.push(`至多 ${s.maxItems} 项`);
  if (s.pattern) parts.push(`格式 \`${s.pattern}\``);
  if (s.format) parts.push(s.format);
  if (s.default !== undefined) parts.push(`默认 ${JSON.stringify(s.default)}`);
  return parts.join('，');
}

function audienceLabel(def: AnyAction): string {
  const a = def.audience as { kind: string; sources?: string[]; roles?: string[] };
  if (a.kind === 'anyone') return '任何人（可匿名）';
  if (a.kind === 'learner') return '学员（需 OPENID）';
  if (a.kind === 'platform') return `平台（SOURCE: ${a.sources?.join(', ')}）`;
  if (a.kind === 'admin') return `后台${a.roles ? '（' + a.roles.join(' / ') + '）' : ''}`;
  return a.kind;
}

export function renderApiDoc(): string {
  const out: string[] = [
    '# API reference (generated)',
    '',
    '> 由 `npm run docs:api` 根据各云函数的动作表与 zod 输入模式生成，请勿手改。契约总纲见 README 与 docs/architecture.md。',
    '',
    '## 调用方式',
    '',
    '- 云端：`wx.cloud.callFunction({ name, data: { $url: "<action>", ...input } })`。',
    '- 本地：`POST /fn/<name>`，请求体即 event；请求头 `x-wx-openid`（学员）、`x-wx-source`（默认 `wx_client`）、`authorization: Bearer <token>`（后台会话）。',
    '- 输入是严格对象：多余字段（包括伪造的 `openid` / `userId`）返回 `INVALID_INPUT`；平台附加的 `userInfo` 会被忽略。',
    '- 身份只来自平台上下文（云端 `getWXContext()`，本地请求头）。',
    '',
    '## 返回信封',
    '',
    '```',
    '{ "ok": true,  "data": <result> }',
    '{ "ok": false, "error": { "code": "<CODE>", "message": "<中文说明>", "details"?: [{ "field", "message" }] } }',
    '```',
    '',
    '| 错误码 | 默认说明 |',
    '| --- | --- |',
    ...Object.entries(ERROR_MESSAGES).map(([code, message]) => `| \`${code}\` | ${message} |`),
    '',
  ];
  for (const [name, fn] of loadAllFunctions()) {
    out.push(`## ${name}`, '');
    for (const [actionName, def] of Object.entries(fn.actions)) {
      out.push(`### \`${name}.${actionName}\``, '', `${def.summary} — 调用者：${audienceLabel(def)}`, '');
      const schema = inputJsonSchema(def);
      const props = Object.entries(schema.properties ?? {});
      if (!props.length) {
        out.push('输入：无', '');
        continue;
      }
      out.push('| 字段 | 类型 | 必填 | 约束 |', '| --- | --- | --- | --- |');
      for (const [field, fieldSchema] of props) {
        out.push(
          `| \`${field}\` | ${describeType(fieldSchema)} | ${schema.required?.includes(field) ? '是' : '否'} | ${describeLimits(fieldSchema)} |`,
        );
      }
      out.push('');
    }
  }
  return out.join('\n');
}

if (require.main === module) {
  fs.writeFileSync(API_DOC_PATH, renderApiDoc());
  console.log(`wrote ${path.relative(process.cwd(), API_DOC_PATH)}`);
}
