import { z } from 'zod';
import { defineFunction } from '../../server/runtime/define-function';
import { cloudHost } from '../../server/platform/cloud-host';
import { action, learner } from '../../server/runtime/action';
import { Cursor, Id, Limit } from '../../server/runtime/schemas';
import * as notes from '../../server/domain/notes/note.service';
import { Anchor, NoteQuote, NoteText } from '../../server/domain/notes/note.policy';

export const main = defineFunction(
  'note',
  {
    create: action({
      summary: '划线并（可选）写笔记：仅限能完整阅读的文章；anchor 为正文纯文本中的位置，quote 必须等于该处文字',
      audience: learner,
      input: z.strictObject({ articleId: Id, quote: NoteQuote, text: NoteText.optional(), anchor: Anchor }),
      handler: (ctx, input) => notes.createNote(ctx, { ...input, text: input.text ?? '' }),
    }),
    list: action({
      summary: '我的笔记（全部已购内容，最新在前；指定文章时按正文顺序），可按专栏筛选、按关键词搜索',
      audience: learner,
      input: z.strictObject({
        articleId: Id.optional(),
        columnId: Id.optional(),
        q: z.string().trim().max(64).optional(),
        cursor: Cursor.optional(),
        limit: Limit(100, 20),
      }),
      handler: (ctx, input) => notes.listNotes(ctx, input),
    }),
    delete: action({
      summary: '删除自己的笔记（别人的笔记视为不存在）',
      audience: learner,
      input: z.strictObject({ noteId: Id }),
      handler: (ctx, input) => notes.deleteNote(ctx, input.noteId),
    }),
    export: action({
      summary: '导出笔记为 Markdown（全部或某个专栏）：只含标题、自己的划线与笔记',
      audience: learner,
      input: z.strictObject({ columnId: Id.optional() }),
      handler: (ctx, input) => notes.exportNotes(ctx, input),
    }),
  },
  { cloud: cloudHost },
);
