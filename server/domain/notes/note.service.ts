import type { Knex } from 'knex';
import { AppError } from '../../runtime/errors';
import { decodeCursor, encodeCursor } from '../../runtime/cursor';
import type { ServiceContext } from '../../runtime/service-context';
import { toDate, toNum } from '../../db/values';
import { whereContains, orWhereContains } from '../../db/like';
import { findReadableArticle } from '../access/reading';
import { plainTextOf } from '../content/plain-text';
import { shanghaiDateTime } from '../calendar/shanghai-calendar';
import { checkAnchor, NOTES_PER_ARTICLE_MAX } from './note.policy';

export type NoteCtx = Pick<ServiceContext, 'db' | 'now' | 'actor'>;

export interface Note {
  id: number;
  articleId: number;
  quote: string;
  text: string;
  anchor: { start: number; end: number };
  createdAt: string;
  /** Where it was taken (titles are shop information, never paid text). */
  articleTitle: string;
  columnId: number;
  columnTitle: string;
}

const NOTE_COLUMNS = [
  'n.id',
  'n.article_id',
  'n.quote',
  'n.text',
  'n.anchor_start',
  'n.anchor_end',
  'n.created_at',
  'a.title as article_title',
  'a.column_id',
  'a.sort as article_sort',
  'c.title as column_title',
];

function toNote(row: Record<string, unknown>): Note {
  return {
    id: Number(row.id),
    articleId: Number(row.article_id),
    quote: String(row.quote),
    text: String(row.text),
    anchor: { start: Number(row.anchor_start), end: Number(row.anchor_end) },
    createdAt: toDate(row.created_at)!.toISOString(),
    articleTitle: String(row.article_title),
    columnId: Number(row.column_id),
    columnTitle: String(row.column_title),
  };
}

/** The caller's notes with their article and column (title only). */
function ownNotes(db: Knex, userId: number): Knex.QueryBuilder {
  return db('notes as n')
    .join('articles as a', 'a.id', 'n.article_id')
    .join('columns as c', 'c.id', 'a.column_id')
    .where('n.user_id', userId)
    .select(...NOTE_COLUMNS);
}

export interface CreateNoteInput {
  articleId: number;
  quote: string;
  text: string;
  anchor: { start: number; end: number };
}

/**
 * A highlight (and optional note) on an article the caller can read in full — the reading rule
 * decides; a preview reader gets FORBIDDEN, an article that does not exist for them NOT_FOUND.
 * The anchor is checked against the plain text of the full body (`plain-text.ts`).
 */
export async function createNote(ctx: NoteCtx, input: CreateNoteInput): Promise<Note> {
  const viewerId = await ctx.actor.viewerId();
  const { facts, decision, row } = await findReadableArticle(ctx.db, viewerId, ctx.now, input.articleId, ['a.body_html']);
  if (!decision.granted) throw new AppError('FORBIDDEN', '购买后才能划线和记笔记');
  checkAnchor(plainTextOf(String(row.body_html ?? '')), input.anchor, input.quote);
  const userId = viewerId ?? (await ctx.actor.learnerId());
  const [{ n }] = await ctx.db('notes').where({ user_id: userId, article_id: facts.id }).count('* as n');
  if (toNum(n) >= NOTES_PER_ARTICLE_MAX) {
    throw new AppError('RATE_LIMITED', `每篇文章最多 ${NOTES_PER_ARTICLE_MAX} 条笔记`);
  }
  const [id] = await ctx.db('notes').insert({
    user_id: userId,
    article_id: facts.id,
    anchor_start: input.anchor.start,
    anchor_end: input.anchor.end,
    quote: input.quote,
    text: input.text,
    created_at: ctx.now,
  });
  const created = await ownNotes(ctx.db, userId).where('n.id', Number(id)).first();
  return toNote(created);
}

export interface ListNotesInput {
  articleId?: number;
  columnId?: number;
  q?: string;
  cursor?: string;
  limit: number;
}

/**
 * The caller's own notes, newest first (one article: in reading order by anchor). Everything
 * they wrote stays theirs, refunded or not: a note holds only their quote and their words.
 */
export async function listNotes(ctx: NoteCtx, input: ListNotesInput): Promise<{ items: Note[]; nextCursor: string | null }> {
  const userId = await ctx.actor.viewerId();
  if (userId === null) return { items: [], nextCursor: null };
  const q = ownNotes(ctx.db, userId);
  if (input.articleId !== undefined) q.where('n.article_id', input.articleId);
  if (input.columnId !== undefined) q.where('a.column_id', input.columnId);
  if (input.q) q.andWhere((w) => orWhereContains(whereContains(w, 'n.quote', input.q!), 'n.text', input.q!));
  const byAnchor = input.articleId !== undefined;
  const after = decodeCursor(input.cursor, 2);
  if (byAnchor) {
    if (after)
      q.andWhere((w) =>
        w.where('n.anchor_start', '>', after[0]).orWhere((x) => x.where('n.anchor_start', after[0]).where('n.id', '>', after[1])),
      );
    q.orderBy([{ column: 'n.anchor_start' }, { column: 'n.id' }]);
  } else {
    if (after) q.where('n.id', '<', after[1]);
    q.orderBy('n.id', 'desc');
  }
  const rows = await q.limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > input.limit && last ? encodeCursor([byAnchor ? Number(last.anchor_start) : 0, Number(last.id)]) : null;
  return { items: page.map(toNote), nextCursor };
}

/** Only the author's own note; anyone else's id answers NOT_FOUND, exactly like a missing one. */
export async function deleteNote(ctx: NoteCtx, noteId: number): Promise<{ deleted: true }> {
  const userId = await ctx.actor.viewerId();
  const removed = userId === null ? 0 : await ctx.db('notes').where({ id: noteId, user_id: userId }).del();
  if (!removed) throw new AppError('NOT_FOUND', '笔记不存在');
  return { deleted: true };
}

/** Markdown quotes: every line of the passage behind `> `. */
const blockquote = (s: string) =>
  s
    .split('\n')
    .map((line) => `> ${line}`.trimEnd())
    .join('\n');

/**
 * The caller's notes as Markdown, by column and article in reading order. Built from the notes
 * table alone — titles, the learner's quotes and their words — so after a refund the export
 * carries no paid text beyond what the learner quoted themselves.
 */
export async function exportNotes(ctx: NoteCtx, input: { columnId?: number }): Promise<{ markdown: string; count: number }> {
  const userId = await ctx.actor.viewerId();
  const rows =
    userId === null
      ? []
      : await ownNotes(ctx.db, userId)
          .modify((q) => (input.columnId !== undefined ? q.where('a.column_id', input.columnId) : q))
          .orderBy([
            { column: 'c.sort' },
            { column: 'c.id' },
            { column: 'a.sort' },
            { column: 'a.id' },
            { column: 'n.anchor_start' },
            { column: 'n.id' },
          ]);
  const notes = rows.map(toNote);
  const lines: string[] = ['# 我的笔记', ''];
  let column: number | null = null;
  let article: number | null = null;
  for (const n of notes) {
    if (n.columnId !== column) {
      column = n.columnId;
      article = null;
      lines.push(`## ${n.columnTitle}`, '');
    }
    if (n.articleId !== article) {
      article = n.articleId;
      lines.push(`### ${n.articleTitle}`, '');
    }
    lines.push(blockquote(n.quote), '');
    if (n.text) lines.push(n.text, '');
    lines.push(`<sub>${shanghaiDateTime(n.createdAt)}</sub>`, '');
  }
  if (!notes.length) lines.push('还没有笔记。', '');
  return { markdown: lines.join('\n'), count: notes.length };
}
