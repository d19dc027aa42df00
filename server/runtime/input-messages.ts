import type { z } from 'zod';

/**
 * Field-specific Chinese for bad input. zod's zh-CN locale speaks like a type checker
 * ("无效输入：期望 数字，实际接收 空值(null)"); a person needs to hear which field and what to do.
 * A message the schema wrote itself (a regex's "openid 格式不正确") is kept as written; only
 * the locale's generic ones are rewritten, naming the field by its Chinese name.
 */
const FIELD_LABELS: Record<string, string> = {
  id: '编号',
  columnId: '专栏',
  chapterId: '章节',
  articleId: '文章',
  itemId: '商品',
  itemType: '商品类型',
  commentId: '评论',
  entitlementId: '授权',
  batchId: '批次',
  title: '标题',
  subtitle: '副标题',
  intro: '简介',
  summary: '摘要',
  cover: '封面',
  bodyMd: '正文',
  priceFen: '价格',
  amountFen: '金额',
  isFree: '免费',
  memberIncluded: '会员免费',
  previewRatio: '试读比例',
  publishAt: '发布时间',
  audio: '音频',
  video: '视频',
  fileId: '文件',
  durationSec: '时长',
  name: '名称',
  durationDays: '时长（天）',
  days: '天数',
  note: '备注',
  reason: '原因',
  count: '数量',
  username: '用户名',
  password: '密码',
  role: '角色',
  status: '状态',
  openid: 'openid',
  openids: 'openid 列表',
  learnerNos: '学员编号',
  orderNo: '订单号',
  q: '搜索词',
  from: '开始日期',
  to: '结束日期',
  cursor: '分页位置',
  limit: '每页条数',
  ids: '顺序',
  content: '内容',
  nickname: '昵称',
  avatar: '头像',
  code: '兑换码',
  percent: '进度',
  positionSec: '播放位置',
  validFrom: '生效时间',
  validUntil: '失效时间',
};

const TYPE_NAMES: Record<string, string> = {
  number: '数字',
  string: '文字',
  boolean: '是或否',
  array: '列表',
  object: '对象',
  date: '日期',
};

// The zh-CN locale's generic wordings (node_modules/zod/v4/locales/zh-CN.cjs); anything else
// was written by a schema. (Issues no longer carry their input, so the locale cannot be rerun.)
const LOCALE_WORDING = /^(无效|数值过|出现未知的键)|内有无效的(键|值)/;

export function fieldLabel(path: ReadonlyArray<PropertyKey>): string | null {
  const named = [...path].reverse().find((p) => typeof p === 'string') as string | undefined;
  return named ? (FIELD_LABELS[named] ?? named) : null;
}

/** The message for one issue: the schema's own, or a field-specific rewrite of the locale's. */
export function issueMessage(issue: z.core.$ZodIssue): string {
  if (!LOCALE_WORDING.test(issue.message)) return issue.message; // the schema's own words
  const i = issue as z.core.$ZodIssue & Record<string, any>;
  if (issue.code === 'unrecognized_keys') return `不认识的字段：${i.keys.join('、')}`;
  const label = fieldLabel(issue.path);
  if (!label) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      if (/实际接收 undefined$/.test(issue.message)) return `请填写${label}`;
      return `${label}需为${TYPE_NAMES[i.expected] ?? '正确的格式'}`;
    case 'too_small':
      if (i.origin === 'string') return Number(i.minimum) <= 1 ? `请填写${label}` : `${label}至少 ${i.minimum} 个字符`;
      if (i.origin === 'array') return `${label}至少 ${i.minimum} 项`;
      return `${label}不能小于 ${i.minimum}`;
    case 'too_big':
      if (i.origin === 'string') return `${label}最多 ${i.maximum} 个字符`;
      if (i.origin === 'array') return `${label}最多 ${i.maximum} 项`;
      return `${label}不能大于 ${i.maximum}`;
    case 'invalid_value':
      return `${label}的取值不在可选范围内`;
    case 'invalid_format':
      return `${label}格式不正确`;
    default:
      return `${label}不正确`;
  }
}
