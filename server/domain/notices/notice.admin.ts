import type { ServiceContext } from '../../runtime/service-context';
import { decodeCursor, encodeCursor } from '../../runtime/cursor';
import { toDate } from '../../db/values';

/** The notices sent (or tried), newest first, with what each said: the CMS's outbox page. */
export async function listDeliveries(
  ctx: Pick<ServiceContext, 'db'>,
  input: { status?: 'sending' | 'sent' | 'failed'; cursor?: string; limit: number },
) {
  const q = ctx
    .db('notice_deliveries as d')
    .join('users as u', 'u.id', 'd.user_id')
    .join('articles as a', 'a.id', 'd.article_id')
    .join('columns as c', 'c.id', 'd.column_id')
    .select('d.*', 'u.nickname', 'a.title as article_title', 'c.title as column_title');
  if (input.status) q.where('d.status', input.status);
  const after = decodeCursor(input.cursor, 1);
  if (after) q.where('d.id', '<', after[0]);
  const rows = await q.orderBy('d.id', 'desc').limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  return {
    items: page.map((r: Record<string, unknown>) => ({
      id: Number(r.id),
      userId: Number(r.user_id),
      nickname: String(r.nickname ?? ''),
      articleId: Number(r.article_id),
      articleTitle: String(r.article_title),
      columnId: Number(r.column_id),
      columnTitle: String(r.column_title),
      status: String(r.status) as 'sending' | 'sent' | 'failed',
      error: r.error === null || r.error === undefined ? null : String(r.error),
      page: String((JSON.parse(String(r.payload_json)) as { page?: string }).page ?? ''),
      createdAt: toDate(r.created_at)!.toISOString(),
      sentAt: toDate(r.sent_at)?.toISOString() ?? null,
    })),
    nextCursor: rows.length > input.limit ? encodeCursor([Number(page[page.length - 1].id)]) : null,
  };
}

/** What the local adapter recorded instead of sending (empty in the cloud). */
export async function listOutbox(ctx: Pick<ServiceContext, 'db'>, input: { cursor?: string; limit: number }) {
  const q = ctx.db('message_outbox').select('*');
  const after = decodeCursor(input.cursor, 1);
  if (after) q.where('id', '<', after[0]);
  const rows = await q.orderBy('id', 'desc').limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  return {
    items: page.map((r: Record<string, unknown>) => ({
      id: Number(r.id),
      channel: String(r.channel),
      touser: String(r.touser),
      templateId: String(r.template_id),
      page: String(r.page),
      data: JSON.parse(String(r.data_json)) as Record<string, { value: string }>,
      createdAt: toDate(r.created_at)!.toISOString(),
    })),
    nextCursor: rows.length > input.limit ? encodeCursor([Number(page[page.length - 1].id)]) : null,
  };
}
