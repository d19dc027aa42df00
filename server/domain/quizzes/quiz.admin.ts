import type { Knex } from 'knex';
import { AppError } from '../../runtime/errors';
import type { ServiceContext } from '../../runtime/service-context';
import { toDate, toIso, toNum } from '../../db/values';
import { rowOr404 } from '../../db/rows';
import { auditActorOf, inAuditedTransaction } from '../audit/audited-transaction';
import { findQuiz, toBest } from './quiz.repo';
import { QUIZ_PASS_PERCENT, type QuizQuestion } from './quiz.policy';

/** The creator's view of a quiz: questions with their answers. */
export interface AdminQuiz {
  articleId: number;
  questions: QuizQuestion[];
  passPercent: number;
  updatedAt: string;
}

const view = (articleId: number, questions: QuizQuestion[], updatedAt: Date): AdminQuiz => ({
  articleId,
  questions,
  passPercent: QUIZ_PASS_PERCENT,
  updatedAt: updatedAt.toISOString(),
});

export async function getQuizForAdmin(ctx: Pick<ServiceContext, 'db'>, articleId: number): Promise<AdminQuiz | null> {
  await rowOr404(ctx.db, 'articles', articleId, '文章不存在');
  const quiz = await findQuiz(ctx.db, articleId);
  return quiz ? view(articleId, quiz.questions, quiz.updatedAt) : null;
}

/** Creates or replaces the quiz of an article (any status: a quiz is written before publishing). */
export function setQuiz(ctx: ServiceContext, articleId: number, questions: QuizQuestion[]): Promise<AdminQuiz> {
  return inAuditedTransaction(ctx.db, auditActorOf(ctx), async (trx) => {
    await rowOr404(trx, 'articles', articleId, '文章不存在');
    const existing = await findQuiz(trx, articleId);
    const json = JSON.stringify(questions);
    if (existing) {
      await trx('quizzes').where('id', existing.id).update({ questions_json: json, question_count: questions.length, updated_at: ctx.now });
    } else {
      await trx('quizzes').insert({
        article_id: articleId,
        questions_json: json,
        question_count: questions.length,
        created_at: ctx.now,
        updated_at: ctx.now,
      });
    }
    const after = view(articleId, questions, ctx.now);
    return {
      result: after,
      audit: {
        action: 'quiz.set',
        targetType: 'article',
        targetId: articleId,
        before: existing ? { questions: existing.questions } : null,
        after: { questions },
      },
    };
  });
}

/** A quiz nobody has taken can go; once learners submitted, their results (and certificates) rest on it. */
export function deleteQuiz(ctx: ServiceContext, articleId: number): Promise<{ deleted: true }> {
  return inAuditedTransaction(ctx.db, auditActorOf(ctx), async (trx) => {
    const existing = await findQuiz(trx, articleId);
    if (!existing) throw new AppError('NOT_FOUND', '这篇文章没有测验');
    const [{ n }] = await trx('quiz_submissions').where('quiz_id', existing.id).count('* as n');
    if (toNum(n) > 0) throw new AppError('CONFLICT', '已有学员提交过这个测验，不能删除，可以修改题目');
    await trx('quizzes').where('id', existing.id).delete();
    return {
      result: { deleted: true as const },
      audit: { action: 'quiz.delete', targetType: 'article', targetId: articleId, before: { questions: existing.questions } },
    };
  });
}

export interface QuizStats {
  articleId: number;
  articleTitle: string;
  columnId: number;
  columnTitle: string;
  questionCount: number;
  /** Learners who submitted at least once. */
  learners: number;
  passed: number;
  /** passed / learners, three decimals; 0 without learners. */
  passRate: number;
  submissions: number;
  updatedAt: string;
}

/** Pass rates per quiz: learners who took it, how many passed (best result), submissions. */
export async function listQuizzes(ctx: Pick<ServiceContext, 'db'>, input: { columnId?: number }): Promise<{ items: QuizStats[] }> {
  const db: Knex = ctx.db;
  const rows = await db('quizzes as q')
    .join('articles as a', 'a.id', 'q.article_id')
    .join('columns as c', 'c.id', 'a.column_id')
    .modify((q) => (input.columnId !== undefined ? q.where('a.column_id', input.columnId) : q))
    .select(
      'q.id',
      'q.article_id',
      'q.question_count',
      'q.updated_at',
      'a.title as article_title',
      'a.column_id',
      'c.title as column_title',
      db('quiz_results as r').count('*').whereRaw('r.quiz_id = q.id').as('learners'),
      db('quiz_results as r').count('*').whereRaw('r.quiz_id = q.id').where('r.passed', true).as('passed'),
      db('quiz_submissions as s').count('*').whereRaw('s.quiz_id = q.id').as('submissions'),
    )
    .orderBy([{ column: 'a.column_id' }, { column: 'a.sort' }, { column: 'a.id' }]);
  return {
    items: rows.map((r: Record<string, unknown>) => {
      const learners = toNum(r.learners);
      const passed = toNum(r.passed);
      return {
        articleId: Number(r.article_id),
        articleTitle: String(r.article_title),
        columnId: Number(r.column_id),
        columnTitle: String(r.column_title),
        questionCount: toNum(r.question_count),
        learners,
        passed,
        passRate: learners ? Math.round((passed / learners) * 1000) / 1000 : 0,
        submissions: toNum(r.submissions),
        updatedAt: toIso(r.updated_at)!,
      };
    }),
  };
}

/** Each learner's best result on one quiz, latest first. */
export async function quizResults(ctx: Pick<ServiceContext, 'db'>, articleId: number) {
  const quiz = await findQuiz(ctx.db, articleId);
  if (!quiz) throw new AppError('NOT_FOUND', '这篇文章没有测验');
  const rows = await ctx
    .db('quiz_results as r')
    .join('users as u', 'u.id', 'r.user_id')
    .where('r.quiz_id', quiz.id)
    .select('r.*', 'u.nickname')
    .orderBy([{ column: 'r.last_submitted_at', order: 'desc' }, { column: 'r.user_id' }])
    .limit(500);
  return {
    items: rows.map((r) => ({ userId: Number(r.user_id), nickname: String(r.nickname ?? ''), ...toBest(r) })),
    lastSubmittedAt: rows.length ? toDate(rows[0].last_submitted_at)!.toISOString() : null,
  };
}
