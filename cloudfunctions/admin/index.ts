import { z } from 'zod';
import { defineFunction } from '../../server/runtime/define-function';
import { cloudHost } from '../../server/platform/cloud-host';
import { action, anyone, type ActionContext } from '../../server/runtime/action';
import { Cursor, Fen, Id, Limit, Text } from '../../server/runtime/schemas';
import { admin } from '../../server/domain/staff/audience';
import { ROLES, type AdminPermission } from '../../server/domain/staff/roles.policy';
import * as auth from '../../server/domain/staff/auth.service';
import * as staff from '../../server/domain/staff/staff.service';
import * as content from '../../server/domain/catalog/content.admin';
import * as plans from '../../server/domain/membership/plans.admin';
import * as users from '../../server/domain/users/users.admin';
import * as grants from '../../server/domain/entitlements/grants.admin';
import * as stats from '../../server/domain/reporting/stats.admin';
import * as csvExports from '../../server/domain/reporting/exports.admin';
import { columnFunnelReport, userProgress } from '../../server/domain/reporting/progress.admin';
import { listAudit } from '../../server/domain/audit/audit.repo';
import { shanghaiDateTime } from '../../server/domain/calendar/shanghai-calendar';
import * as comments from '../../server/domain/comments';
import { listOrdersForAdmin, getOrderForAdmin } from '../../server/domain/orders/orders.admin';
import { refundOrder } from '../../server/domain/orders/refund.service';
import * as redeem from '../../server/domain/orders/redeem.service';
import { ItemType, OrderNo, OrderStatus } from '../../server/domain/orders/order.schemas';
import { itemTitles } from '../../server/domain/catalog/items';
import { COLUMN_STATUSES, ARTICLE_STATUSES } from '../../server/domain/catalog/statuses';
import { stringify } from 'csv-stringify/sync';
import { listVirtualGoods, VIRTUAL_GOODS_CSV_COLUMNS } from '../../server/domain/payments/virtual-goods.admin';
import { readTerms, setTerms, TERMS_KINDS } from '../../server/domain/settings/terms';
import { checkImage } from '../../server/domain/moderation/moderate-media';
import { cloudModeration } from '../../server/platform/ports/moderation.cloud';
import { cloudAdminAuth } from '../../server/platform/ports/admin-auth.cloud';
import { cloudPayments } from '../../server/platform/ports/payments.cloud';
import { cloudMedia } from '../../server/platform/ports/media.cloud';
import * as certificateAdmin from '../../server/domain/certificates/certificate.admin';
import * as noticeAdmin from '../../server/domain/notices/notice.admin';
import * as quizAdmin from '../../server/domain/quizzes/quiz.admin';
import { QuizQuestions } from '../../server/domain/quizzes/quiz.policy';
import * as couponsAdmin from '../../server/domain/coupons/coupons.admin';
import * as promotions from '../../server/domain/promotions/promotions.admin';
import * as referralAdmin from '../../server/domain/referral/referral.admin';
import { listGifts } from '../../server/domain/gifts/gifts.admin';
import { growthReport } from '../../server/domain/reporting/growth.admin';
import { MAX_RATE_PERCENT } from '../../server/domain/referral/referral.policy';
import { isCoverRef } from '../../server/domain/catalog/cover';
import { LABELS, type Labels } from '../../server/contract/labels';

// ---- field types shared by the actions below
const Title = Text(128);
/**
 * A column cover: an uploaded image (`media/uploads/…` locally, a `cloud://` file id in the
 * cloud), an https address, or an image bundled with the mini program (`/static/…`, as the demo
 * columns use). Anything else is refused with a message saying which.
 */
const Cover = z
  .string()
  .trim()
  .max(512, '封面地址最多 512 个字符')
  .refine((v) => v === '' || isCoverRef(v), '封面需为上传的图片、https:// 地址或小程序内 /static/ 图片');
const Iso = z.iso.datetime({ offset: true });
const Media = z.strictObject({
  fileId: z.string().trim().min(1).max(512),
  durationSec: z.number().int().min(0).max(86_400),
  name: z.string().trim().max(255).optional(),
});
const LearnerNo = z
  .number({ error: '学员编号需为数字' })
  .int('学员编号需为整数')
  .min(100_001, '学员编号不正确')
  .max(999_999_999_999, '学员编号不正确');
const Openid = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'openid 格式不正确');
const Role = z.enum(ROLES);
const Username = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.-]{3,32}$/, '用户名为 3–32 位字母、数字、点、下划线或横线');
const Password = z.string().min(8, '密码至少 8 位').max(128);
const Ids = z.array(Id).max(1000);
/** A 道具 id (小程序虚拟支付): null or '' = the item's stable default. */
const ProductId = z.string().trim().max(64).nullable().optional();

const columnFields = {
  title: Title,
  subtitle: z.string().trim().max(256).optional(),
  intro: z.string().trim().max(20_000).optional(),
  cover: Cover.optional(),
  priceFen: Fen,
  memberIncluded: z.boolean(),
  productId: ProductId,
};
const articleFields = {
  columnId: Id,
  chapterId: Id.nullable(),
  title: Title,
  summary: z.string().trim().max(512).optional(),
  bodyMd: z.string().max(200_000),
  isFree: z.boolean(),
  priceFen: Fen.nullable(),
  previewRatio: z.number().int().min(0).max(100).optional(),
  audio: Media.nullable().optional(),
  video: Media.nullable().optional(),
  publishAt: Iso.nullable().optional(),
  productId: ProductId,
};
const planFields = {
  name: Text(64),
  durationDays: z.number().int().min(1).max(3660),
  priceFen: Fen,
  status: z.enum(['active', 'archived']).optional(),
  productId: ProductId,
};
const grantFields = {
  itemType: ItemType,
  itemId: Id,
  days: z.number().int().min(1).max(3660).optional(),
  note: z.string().trim().max(128).optional(),
};

const couponFields = {
  title: Text(64),
  discount: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('amount'), amountFen: Fen.min(1) }),
    z.strictObject({ type: z.literal('percent'), percentOff: z.number().int().min(1).max(99) }),
  ]),
  minSpendFen: Fen.optional(),
  itemType: ItemType.optional(),
  itemId: Id.optional(),
  stock: z.number().int().min(1).max(1_000_000),
  perUserLimit: z.number().int().min(1).max(100),
  startsAt: Iso.optional(),
  endsAt: Iso.optional(),
};
const orderFilter = {
  status: OrderStatus.optional(),
  from: Iso.optional(),
  to: Iso.optional(),
  userId: Id.optional(),
  learnerNo: LearnerNo.optional(),
  openid: Openid.optional(),
  itemType: ItemType.optional(),
  itemId: Id.optional(),
  orderNo: OrderNo.optional(),
};
const learnerFilter = { q: Text(64).optional(), from: Iso.optional(), to: Iso.optional() };
const commissionFilter = { status: z.enum(['pending', 'available', 'cancelled']).optional(), from: Iso.optional(), to: Iso.optional() };
/** A date range filter: created_at ≥ from, < to. */
const range = (from?: string, to?: string) => ({ from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined });

const byId = z.strictObject({ id: Id });
/** The common shape: an admin action on one row, named by its id. */
const adminById = <R>(summary: string, permission: AdminPermission, run: (ctx: ActionContext, id: number) => Promise<R>) =>
  action({ summary, audience: admin(permission), input: byId, handler: (ctx, input) => run(ctx, input.id) });
const partial = <T extends z.ZodRawShape>(shape: T) =>
  z
    .strictObject({ id: Id, ...shape })
    .partial()
    .required({ id: true });

/**
 * A column cover goes through the Moderation port as media before it is saved (risky → refused).
 * WeChat's mediaCheckAsync needs a learner's openid, which staff do not have, so in the cloud a
 * cover stays unchecked (logged); the local checker checks it.
 */
async function checkCover(ctx: ActionContext, cover: string | undefined, columnId: number): Promise<void> {
  if (!cover) return;
  await checkImage({ moderation: ctx.deps.moderation, media: ctx.deps.media, log: ctx.deps.log, db: ctx.deps.db }, ctx.now, {
    fileId: cover,
    openid: '',
    scene: 1,
    target: { type: 'cover', columnId },
  });
}

export const main = defineFunction(
  'admin',
  {
    // ------------------------------------------------------------ session
    login: action({
      summary: '管理员登录：本地返回 Bearer 令牌，云端返回自定义登录票据',
      audience: anyone,
      input: z.strictObject({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(128) }),
      handler: (ctx, input) => auth.login(ctx, input),
    }),
    labels: action({
      summary: '全部枚举与操作日志代码的中文名称（定义在服务端各枚举旁）',
      audience: admin('session'),
      input: z.strictObject({}),
      handler: async (): Promise<Labels> => LABELS,
    }),
    me: action({
      summary: '当前管理员与权限',
      audience: admin('session'),
      input: z.strictObject({}),
      handler: (ctx) => staff.me(ctx),
    }),

    // ------------------------------------------------------------ columns
    'column.list': action({
      summary: '专栏列表（全部状态）',
      audience: admin('content'),
      input: z.strictObject({ status: z.enum(COLUMN_STATUSES).optional(), q: Text(64).optional() }),
      handler: (ctx, input) => content.listColumns(ctx.deps.db, input),
    }),
    'column.get': adminById('专栏详情：章节与全部文章（内容树）；上传的封面带预览链接', 'content', (ctx, id) =>
      content.getColumnTree(ctx.deps.db, id, ctx.ports.media),
    ),
    'column.create': action({
      summary: '新建专栏（草稿）',
      audience: admin('content'),
      input: z.strictObject(columnFields),
      handler: async (ctx, input) => {
        await checkCover(ctx, input.cover, 0);
        return content.createColumn(ctx, input);
      },
    }),
    'column.update': action({
      summary: '修改专栏',
      audience: admin('content'),
      input: partial(columnFields),
      handler: async (ctx, { id, ...input }) => {
        await checkCover(ctx, input.cover, id);
        return content.updateColumn(ctx, id, input);
      },
    }),
    'column.delete': adminById('删除空专栏', 'content', (ctx, id) => content.deleteColumn(ctx, id)),
    'column.publish': adminById('上架专栏', 'content', (ctx, id) => content.setColumnStatus(ctx, id, 'published')),
    'column.unpublish': adminById('下架专栏（回到草稿）', 'content', (ctx, id) => content.setColumnStatus(ctx, id, 'draft')),
    'column.archive': adminById('归档专栏：停售，已购用户仍可阅读', 'content', (ctx, id) => content.setColumnStatus(ctx, id, 'archived')),
    'column.reorder': action({
      summary: '专栏排序',
      audience: admin('content'),
      input: z.strictObject({ ids: Ids }),
      handler: (ctx, input) => content.reorderColumns(ctx, input.ids),
    }),

    // ------------------------------------------------------------ chapters
    'chapter.list': action({
      summary: '专栏的章节',
      audience: admin('content'),
      input: z.strictObject({ columnId: Id }),
      handler: (ctx, input) => content.listChapters(ctx.deps.db, input.columnId),
    }),
    'chapter.get': adminById('章节详情', 'content', (ctx, id) => content.getChapter(ctx.deps.db, id)),
    'chapter.create': action({
      summary: '新建章节',
      audience: admin('content'),
      input: z.strictObject({ columnId: Id, title: Title }),
      handler: (ctx, input) => content.createChapter(ctx, input),
    }),
    'chapter.update': action({
      summary: '修改章节',
      audience: admin('content'),
      input: z.strictObject({ id: Id, title: Title.optional() }),
      handler: (ctx, { id, ...input }) => content.updateChapter(ctx, id, input),
    }),
    'chapter.delete': adminById('删除空章节', 'content', (ctx, id) => content.deleteChapter(ctx, id)),
    'chapter.reorder': action({
      summary: '章节排序',
      audience: admin('content'),
      input: z.strictObject({ columnId: Id, ids: Ids }),
      handler: (ctx, input) => content.reorderChapters(ctx, input.columnId, input.ids),
    }),

    // ------------------------------------------------------------ articles
    'article.list': action({
      summary: '文章列表（不含正文）；q 在标题、摘要与正文中搜索',
      audience: admin('content'),
      input: z.strictObject({
        columnId: Id.optional(),
        chapterId: Id.optional(),
        status: z.enum(ARTICLE_STATUSES).optional(),
        q: Text(64).optional(),
      }),
      handler: (ctx, input) => content.listArticles(ctx.deps.db, input),
    }),
    'article.get': adminById('文章详情：Markdown 源文、净化后的 HTML 与试读部分；音视频带试听链接', 'content', (ctx, id) =>
      content.getArticleForEditor(ctx.deps.db, ctx.ports.media, id),
    ),
    'article.preview': action({
      summary: '按服务端规则渲染 Markdown（不保存）：全文与试读部分',
      audience: admin('content'),
      input: z.strictObject({ bodyMd: articleFields.bodyMd, previewRatio: articleFields.previewRatio }),
      handler: (ctx, input) => content.renderPreview(ctx.ports.media, input.bodyMd, input.previewRatio),
    }),
    'article.create': action({
      summary: '新建文章（草稿）；Markdown 保存时净化，<!-- more --> 之前为试读',
      audience: admin('content'),
      input: z.strictObject(articleFields),
      handler: (ctx, input) => content.createArticle(ctx, input),
    }),
    'article.update': action({
      summary: '修改文章',
      audience: admin('content'),
      input: partial(articleFields),
      handler: (ctx, { id, ...input }) => content.updateArticle(ctx, id, input),
    }),
    'article.delete': adminById('删除没有订单、学习记录和评论的文章', 'content', (ctx, id) => content.deleteArticle(ctx, id)),
    'article.publish': action({
      summary: '发布文章；publishAt 为将来时间则定时发布',
      audience: admin('content'),
      input: z.strictObject({ id: Id, publishAt: Iso.optional() }),
      handler: (ctx, input) => content.publishArticle(ctx, input.id, input.publishAt),
    }),
    'article.unpublish': adminById('下架文章（回到草稿）', 'content', (ctx, id) => content.unpublishArticle(ctx, id)),
    'article.reorder': action({
      summary: '章节内文章排序（可从同专栏其他章节拖入）',
      audience: admin('content'),
      input: z.strictObject({ columnId: Id, chapterId: Id.nullable(), ids: Ids }),
      handler: (ctx, input) => content.reorderArticles(ctx, input.columnId, input.chapterId, input.ids),
    }),

    // ------------------------------------------------------------ membership plans
    'plan.list': action({
      summary: '会员方案列表',
      audience: admin('plans'),
      input: z.strictObject({}),
      handler: (ctx) => plans.listPlans(ctx),
    }),
    'plan.get': adminById('会员方案详情', 'plans', (ctx, id) => plans.getPlan(ctx, id)),
    'plan.create': action({
      summary: '新建会员方案',
      audience: admin('plans'),
      input: z.strictObject(planFields),
      handler: (ctx, input) => plans.createPlan(ctx, input),
    }),
    'plan.update': action({
      summary: '修改会员方案（status: archived 为停售）',
      audience: admin('plans'),
      input: partial(planFields),
      handler: (ctx, { id, ...input }) => plans.updatePlan(ctx, id, input),
    }),
    'plan.delete': adminById('删除未售出的会员方案', 'plans', (ctx, id) => plans.deletePlan(ctx, id)),

    // ------------------------------------------------------------ terms (用户协议 / 隐私政策 / 购买须知)
    'terms.get': action({
      summary: '用户协议、隐私政策与购买须知的当前文本和版本',
      audience: admin('content'),
      input: z.strictObject({}),
      handler: (ctx) => readTerms(ctx.deps.db),
    }),
    'terms.set': action({
      summary: '修改一份条款文本（每次保存生成新版本，下单时记录学员同意的购买须知版本）',
      audience: admin('staff'),
      input: z.strictObject({ kind: z.enum(TERMS_KINDS), text: z.string().trim().min(1).max(20_000) }),
      handler: (ctx, input) => setTerms(ctx, input),
    }),

    // ------------------------------------------------------------ virtual goods (小程序虚拟支付 道具)
    'virtualGoods.list': action({
      summary: '虚拟支付道具清单：每个定价商品的道具 ID、价格与需在小程序后台登记的内容',
      audience: admin('content'),
      input: z.strictObject({}),
      handler: (ctx) => listVirtualGoods(ctx.deps.db),
    }),
    'virtualGoods.export': action({
      summary: '导出道具清单为 CSV（字段同 start_upload_goods：id,name,price,remark,item_url）→ { filename, csv }',
      audience: admin('content'),
      input: z.strictObject({}),
      handler: async (ctx) => {
        const { items } = await listVirtualGoods(ctx.deps.db);
        const csv = stringify(
          items.map((i) => VIRTUAL_GOODS_CSV_COLUMNS.map((c) => i.register[c])),
          { header: true, columns: [...VIRTUAL_GOODS_CSV_COLUMNS] },
        );
        return { filename: 'virtual-goods.csv', csv };
      },
    }),

    // ------------------------------------------------------------ users and grants
    'user.list': action({
      summary: '学员列表（按昵称、学员编号、订单号或 openid 搜索；from/to 为首次使用时间范围）',
      audience: admin('users'),
      input: z.strictObject({ ...learnerFilter, cursor: Cursor.optional(), limit: Limit(100, 20) }),
      handler: (ctx, { from, to, ...rest }) => users.listUsers(ctx.deps.db, { ...rest, ...range(from, to) }),
    }),
    'user.export': action({
      summary: '按当前搜索与日期范围导出学员 CSV → { filename, csv, rows, truncated }',
      audience: admin('exports'),
      input: z.strictObject(learnerFilter),
      handler: (ctx, { from, to, ...rest }) => csvExports.exportLearners(ctx, { ...rest, ...range(from, to) }),
    }),
    'user.get': adminById('学员详情：权益与订单', 'users', (ctx, id) => users.getUser(ctx.deps.db, id, ctx.now)),
    'user.progress': action({
      summary: '学员的学习进度（最近学习在前）与累计学习时长',
      audience: admin('users'),
      input: z.strictObject({ id: Id, cursor: Cursor.optional(), limit: Limit(100, 20) }),
      handler: (ctx, { id, ...page }) => userProgress(ctx, id, page),
    }),
    'grant.create': action({
      summary: '给一个 openid 手动开通内容',
      audience: admin('grants'),
      input: z.strictObject({ openid: Openid, ...grantFields }),
      handler: (ctx, { openid, ...input }) => grants.grantMany(ctx, [openid], input),
    }),
    'grant.bulk': action({
      summary: '给粘贴的学员编号或 openid 列表批量开通（合计最多 500 个）',
      audience: admin('grants'),
      input: z
        .strictObject({
          openids: z.array(Openid).max(500).optional(),
          learnerNos: z.array(LearnerNo).max(500).optional(),
          ...grantFields,
        })
        .refine((i) => (i.openids?.length ?? 0) + (i.learnerNos?.length ?? 0) >= 1, {
          message: '请填写至少一个学员编号或 openid',
          path: ['learnerNos'],
        }),
      handler: async (ctx, { openids = [], learnerNos = [], ...input }) => {
        const byNo = learnerNos.length ? await grants.openidsOfLearnerNos(ctx.db, learnerNos) : [];
        return grants.grantMany(ctx, [...byNo, ...openids], input);
      },
    }),
    'grant.revoke': action({
      summary: '撤销手动开通',
      audience: admin('grants'),
      input: z.strictObject({ entitlementId: Id }),
      handler: (ctx, input) => grants.revokeGrant(ctx, input.entitlementId),
    }),

    // ------------------------------------------------------------ orders and redeem codes (services: server/domain/orders)
    'order.list': action({
      summary: '订单列表：按状态、下单时间、学员、商品、订单号筛选（最新在前）',
      audience: admin('orders.read'),
      input: z.strictObject({ ...orderFilter, cursor: Cursor.optional(), limit: Limit(100, 20) }),
      handler: (ctx, { from, to, ...rest }) => listOrdersForAdmin(ctx.deps.db, { ...rest, ...range(from, to) }),
    }),
    'order.export': action({
      summary: '按当前筛选（含下单日期范围）导出订单 CSV → { filename, csv, rows, truncated }',
      audience: admin('exports'),
      input: z.strictObject(orderFilter),
      handler: (ctx, { from, to, ...rest }) => csvExports.exportOrders(ctx, { ...rest, ...range(from, to) }),
    }),
    'order.get': action({
      summary: '订单详情：支付事件与退款',
      audience: admin('orders.read'),
      input: z.strictObject({ orderNo: OrderNo }),
      handler: (ctx, input) => getOrderForAdmin(ctx.deps.db, input.orderNo),
    }),
    'order.refund': action({
      summary: '全额退款并收回该订单开通的内容（重复提交只退一次）；支付平台拒绝过的自动退款由此重新发起',
      audience: admin('orders.refund'),
      input: z.strictObject({ orderNo: OrderNo, reason: Text(200) }),
      // The orders domain writes the audit row inside the refund's own transaction.
      handler: (ctx, input) => refundOrder(ctx, input),
    }),
    'redeem.createBatch': action({
      summary: '生成一批兑换码 → { batchId, codes }',
      audience: admin('redeem'),
      input: z.strictObject({
        itemType: ItemType,
        itemId: Id,
        count: z.number().int().min(1).max(redeem.MAX_BATCH),
        days: z.number().int().min(1).max(3660).optional(),
        validFrom: Iso.optional(),
        validUntil: Iso.optional(),
        note: z.string().trim().max(128).optional(),
      }),
      handler: (ctx, input) =>
        redeem.createBatch(ctx, {
          ...input,
          validFrom: input.validFrom ? new Date(input.validFrom) : null,
          validUntil: input.validUntil ? new Date(input.validUntil) : null,
        }),
    }),
    'redeem.list': action({
      summary: '兑换码批次：使用数量、作废状态',
      audience: admin('redeem'),
      input: z.strictObject({ cursor: Cursor.optional(), limit: Limit(100, 20) }),
      handler: async (ctx, input) => {
        const page = await redeem.listBatches(ctx.deps.db, input);
        const title = await itemTitles(ctx.deps.db, page.items);
        return { ...page, items: page.items.map((b) => ({ ...b, title: title(b.itemType, b.itemId) })) };
      },
    }),
    'redeem.export': action({
      summary: '导出一批兑换码为 CSV → { filename, csv }',
      audience: admin('redeem'),
      input: z.strictObject({ batchId: Id }),
      handler: async (ctx, input) => {
        const rows = await redeem.exportBatch(ctx, input.batchId);
        const status: Record<string, string> = { unused: '未使用', used: '已使用', void: '已作废' };
        const csv = stringify(
          rows.map((r) => [r.code, status[r.status] ?? r.status, r.usedBy ?? '', r.usedAt ? shanghaiDateTime(r.usedAt) : '']),
          { header: true, columns: ['兑换码', '状态', '使用者 openid', '使用时间（北京时间）'] },
        );
        return { filename: `redeem-batch-${input.batchId}.csv`, csv };
      },
    }),
    'redeem.void': action({
      summary: '作废一批中所有未使用的兑换码',
      audience: admin('redeem'),
      input: z.strictObject({ batchId: Id }),
      handler: (ctx, input) => redeem.voidBatch(ctx, input.batchId),
    }),

    // ------------------------------------------------------------ comments (services: server/domain/comments)
    'comment.list': action({
      summary: '评论审核队列：按状态 / 文章筛选，最新在前',
      audience: admin('comments'),
      input: z.strictObject({
        status: z.enum(comments.COMMENT_STATUSES).optional(),
        articleId: Id.optional(),
        cursor: Cursor.optional(),
        limit: Limit(100, 20),
      }),
      handler: async (ctx, input) => ({
        ...(await comments.listForCreator(ctx.deps.db, input)),
        counts: await comments.countByStatus(ctx.deps.db, { articleId: input.articleId }),
      }),
    }),
    'comment.moderate': action({
      summary: '审核评论：通过（published）或拒绝（rejected）',
      audience: admin('comments'),
      input: z.strictObject({ commentId: Id, status: z.enum(['published', 'rejected']) }),
      handler: (ctx, input) => comments.moderateComment(ctx, input),
    }),
    'comment.reply': action({
      summary: '以作者身份回复评论（立即发布）',
      audience: admin('comments'),
      input: z.strictObject({ commentId: Id, content: z.string().max(comments.COMMENT_MAX_CHARS * 4) }),
      handler: (ctx, input) => comments.replyAsAuthor(ctx, input),
    }),
    'comment.pin': action({
      summary: '置顶 / 取消置顶评论',
      audience: admin('comments'),
      input: z.strictObject({ commentId: Id, pinned: z.boolean() }),
      handler: (ctx, input) => comments.setPinned(ctx, input),
    }),
    'comment.delete': action({
      summary: '删除评论',
      audience: admin('comments'),
      input: z.strictObject({ commentId: Id }),
      handler: (ctx, input) => comments.deleteAsCreator(ctx, input),
    }),

    // ------------------------------------------------------------ staff, audit, stats
    'staff.list': action({
      summary: '员工账号',
      audience: admin('staff'),
      input: z.strictObject({}),
      handler: (ctx) => staff.listStaff(ctx),
    }),
    'staff.create': action({
      summary: '新建员工账号',
      audience: admin('staff'),
      input: z.strictObject({ username: Username, password: Password, role: Role }),
      handler: (ctx, input) => staff.createStaff(ctx, input),
    }),
    'staff.update': action({
      summary: '修改员工角色、状态或重置密码',
      audience: admin('staff'),
      input: z.strictObject({
        id: Id,
        role: Role.optional(),
        status: z.enum(['active', 'disabled']).optional(),
        password: Password.optional(),
      }),
      handler: (ctx, { id, ...input }) => staff.updateStaff(ctx, id, input),
    }),
    'audit.list': action({
      summary: '操作日志',
      audience: admin('audit'),
      input: z.strictObject({
        cursor: Cursor.optional(),
        limit: Limit(100, 30),
        action: z.string().max(64).optional(),
        adminId: Id.optional(),
        targetType: z.string().max(32).optional(),
      }),
      handler: (ctx, input) => listAudit(ctx.db, input),
    }),
    'stats.column': action({
      summary: '专栏学习漏斗：每篇文章的阅读人数与读完人数（按阅读顺序）',
      audience: admin('stats'),
      input: z.strictObject({ columnId: Id }),
      handler: (ctx, input) => columnFunnelReport(ctx, input.columnId),
    }),
    // ------------------------------------------------------------ selling tools (issue 15)
    'coupon.create': action({
      summary: '新建优惠券（满减 / 折扣；适用范围：全部、某类商品、单个商品；库存、每人限领、有效期）',
      audience: admin('growth'),
      input: z.strictObject(couponFields),
      handler: (ctx, input) => couponsAdmin.createCoupon(ctx, input),
    }),
    'coupon.list': action({
      summary: '优惠券列表（含已领取、已使用数量）',
      audience: admin('growth'),
      input: z.strictObject({ status: z.enum(['active', 'stopped']).optional() }),
      handler: (ctx, input) => couponsAdmin.listCoupons(ctx, input),
    }),
    'coupon.get': adminById('优惠券详情', 'growth', (ctx, id) => couponsAdmin.getCoupon(ctx, id)),
    'coupon.stop': adminById('停用优惠券（不能再领取和使用；已支付订单不受影响）', 'growth', (ctx, id) => couponsAdmin.stopCoupon(ctx, id)),
    'promotion.create': action({
      summary: '新建限时价（同一商品的活动时间不能重叠）',
      audience: admin('growth'),
      input: z.strictObject({ itemType: ItemType, itemId: Id, priceFen: Fen.min(1), startsAt: Iso, endsAt: Iso }),
      handler: (ctx, input) => promotions.createPromotion(ctx, input),
    }),
    'promotion.list': action({
      summary: '限时价活动列表',
      audience: admin('growth'),
      input: z.strictObject({}),
      handler: (ctx) => promotions.listPromotions(ctx),
    }),
    'promotion.stop': adminById('结束限时价活动', 'growth', (ctx, id) => promotions.stopPromotion(ctx, id)),
    'gift.list': action({
      summary: '礼物订单：送礼人、是否已领取、领取人',
      audience: admin('growth'),
      input: z.strictObject({}),
      handler: (ctx) => listGifts(ctx),
    }),
    'referral.getSettings': action({
      summary: '推广设置（佣金比例、冻结天数）',
      audience: admin('growth'),
      input: z.strictObject({}),
      handler: (ctx) => referralAdmin.getSettings(ctx),
    }),
    'referral.settings': action({
      summary: '修改推广设置（单级分销：佣金比例 0–50%，冻结天数内退款则取消佣金）',
      audience: admin('growth'),
      input: z.strictObject({ ratePercent: z.number().int().min(0).max(MAX_RATE_PERCENT), holdDays: z.number().int().min(0).max(365) }),
      handler: (ctx, input) => referralAdmin.saveSettings(ctx, input),
    }),
    'commission.list': action({
      summary: '佣金明细（待结算 / 可结算 / 已取消）',
      audience: admin('growth'),
      input: z.strictObject(commissionFilter),
      handler: (ctx, { from, to, ...rest }) => referralAdmin.listCommissions(ctx, { ...rest, ...range(from, to) }),
    }),
    'commission.export': action({
      summary: '按当前状态与产生日期范围导出佣金明细 CSV → { filename, csv, rows, truncated }',
      audience: admin('exports'),
      input: z.strictObject(commissionFilter),
      handler: (ctx, { from, to, ...rest }) => csvExports.exportCommissions(ctx, { ...rest, ...range(from, to) }),
    }),
    'payout.create': action({
      summary: '登记一笔线下打款给推广员（不超过可结算佣金；记入操作日志）',
      audience: admin('growth'),
      input: z.strictObject({ openid: Openid, amountFen: Fen.min(1), note: z.string().trim().max(128).optional() }),
      handler: (ctx, input) => referralAdmin.createPayout(ctx, input),
    }),
    'payout.list': action({
      summary: '打款记录',
      audience: admin('growth'),
      input: z.strictObject({}),
      handler: (ctx) => referralAdmin.listPayouts(ctx),
    }),
    'stats.growth': action({
      summary: '营销效果：优惠前后收入、每张优惠券与每位推广员带来的订单与收入',
      audience: admin('stats'),
      input: z.strictObject({ days: z.number().int().min(1).max(90).default(30) }),
      handler: (ctx, input) => growthReport(ctx, input.days),
    }),
    'stats.overview': action({
      summary: '经营概览：每日收入（分）、订单、付费用户、活跃学员、热门文章',
      audience: admin('stats'),
      input: z.strictObject({ days: z.number().int().min(1).max(90).default(30) }),
      handler: (ctx, input) => stats.overview(ctx, input.days),
    }),

    // ------------------------------------------------------------ learning: quizzes (issue 16)
    'quiz.get': action({
      summary: '文章的测验（含答案，供编辑）；没有测验时为 null',
      audience: admin('content'),
      input: z.strictObject({ articleId: Id }),
      handler: (ctx, input) => quizAdmin.getQuizForAdmin(ctx, input.articleId),
    }),
    'quiz.set': action({
      summary: '设置文章的测验（单选题，整体替换）',
      audience: admin('content'),
      input: z.strictObject({ articleId: Id, questions: QuizQuestions }),
      handler: (ctx, input) => quizAdmin.setQuiz(ctx, input.articleId, input.questions),
    }),
    'quiz.delete': action({
      summary: '删除没人提交过的测验',
      audience: admin('content'),
      input: z.strictObject({ articleId: Id }),
      handler: (ctx, input) => quizAdmin.deleteQuiz(ctx, input.articleId),
    }),
    'quiz.list': action({
      summary: '测验通过率：每个测验的参与人数、通过人数、通过率、提交次数',
      audience: admin('content'),
      input: z.strictObject({ columnId: Id.optional() }),
      handler: (ctx, input) => quizAdmin.listQuizzes(ctx, input),
    }),
    'quiz.results': action({
      summary: '某个测验每位学员的最好成绩',
      audience: admin('content'),
      input: z.strictObject({ articleId: Id }),
      handler: (ctx, input) => quizAdmin.quizResults(ctx, input.articleId),
    }),

    // ------------------------------------------------------------ learning: certificates (issue 16)
    'certificate.list': action({
      summary: '已发放的结业证书（最新在前），可按专栏筛选、按编号或学员名搜索',
      audience: admin('users'),
      input: z.strictObject({
        columnId: Id.optional(),
        q: z.string().trim().max(64).optional(),
        cursor: Cursor.optional(),
        limit: Limit(100, 30),
      }),
      handler: (ctx, input) => certificateAdmin.listCertificates(ctx, input),
    }),
    'certificate.revoke': action({
      summary: '撤销结业证书（公开验证将显示已撤销）',
      // Revoking takes a learner's credential away, like revoking a grant: the owner's right, not support's.
      audience: admin('grants'),
      input: z.strictObject({ certificateNo: z.string().trim().min(1).max(64), reason: Text(256) }),
      handler: (ctx, input) => certificateAdmin.revokeCertificate(ctx, input),
    }),

    // ------------------------------------------------------------ learning: new-lesson notices (issue 16)
    'notice.list': action({
      summary: '上新提醒发送记录（最新在前）：学员、文章、状态、失败原因',
      audience: admin('content'),
      input: z.strictObject({ status: z.enum(['sending', 'sent', 'failed']).optional(), cursor: Cursor.optional(), limit: Limit(100, 30) }),
      handler: (ctx, input) => noticeAdmin.listDeliveries(ctx, input),
    }),
    'notice.outbox': action({
      summary: '本地订阅消息发件箱：本地运行时代替 subscribeMessage.send 记录的消息',
      audience: admin('content'),
      input: z.strictObject({ cursor: Cursor.optional(), limit: Limit(100, 30) }),
      handler: (ctx, input) => noticeAdmin.listOutbox(ctx, input),
    }),
  },
  { cloudPorts: { adminAuth: cloudAdminAuth, payments: cloudPayments, media: cloudMedia, moderation: cloudModeration }, cloud: cloudHost },
);
