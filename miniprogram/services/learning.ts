import { call } from './api';

/** Notes, quizzes, certificates and new-lesson notices (docs/learning.md). */
export const notes = {
  create: (input: { articleId: number; quote: string; text?: string; anchor: { start: number; end: number } }) =>
    call('note', 'create', input),
  list: (input: { articleId?: number; q?: string; cursor?: string } = {}) => call('note', 'list', input),
  remove: (noteId: number) => call('note', 'delete', { noteId }),
  exportMarkdown: (columnId?: number) => call('note', 'export', columnId ? { columnId } : {}),
};

export const quiz = {
  get: (articleId: number) => call('quiz', 'get', { articleId }),
  submit: (articleId: number, answers: number[]) => call('quiz', 'submit', { articleId, answers }),
};

export const certificate = {
  status: (columnId: number) => call('certificate', 'status', { columnId }),
  claim: (columnId: number) => call('certificate', 'get', { columnId }),
  code: (columnId: number) => call('certificate', 'code', { columnId }),
  verify: (certificateNo: string) => call('catalog', 'verifyCertificate', { certificateNo }),
};

export const notice = {
  status: (columnId: number) => call('notice', 'status', { columnId }),
  subscribe: (columnId: number) => call('notice', 'subscribe', { columnId }),
};
